using System.Globalization;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;

namespace ImmunoWatch.Worker.Cli;

/// <summary>Human-readable source health for the terminal.</summary>
internal static class SourceTable
{
    public static void Write(TextWriter output, IReadOnlyList<Source> sources)
    {
        output.WriteLine($"{"ID",4}  {"STATE",-9} {"KIND",-8} {"INTERVAL",-8} {"ITEMS",6}  {"LAST SUCCESS",-17} {"NEXT POLL",-17} {"NAME / LAST ERROR"}");
        foreach (var s in sources)
        {
            var state = s.Enabled ? (s.ConsecutiveErrors > 0 ? $"failing{s.ConsecutiveErrors}" : "ok") : $"off:{s.DisabledReason}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Id,4}  {Trim(state, 9),-9} {s.Kind,-8} {IntervalText.Format(s.PollInterval ?? s.CurrentInterval),-8} {s.ItemCount,6}  {When(s.LastSuccessAt),-17} {(s.Enabled ? When(s.NextPollAt) : "-"),-17} {s.Name}"));
            if (s.LastError is not null && s.ConsecutiveErrors > 0)
            {
                output.WriteLine($"{"",4}  last error {When(s.LastErrorAt)}: {s.LastError}");
            }
        }

        output.WriteLine($"{sources.Count} sources, {sources.Count(s => s.Enabled)} enabled, {sources.Count(s => s.ConsecutiveErrors > 0)} failing");
    }

    public static void WriteDetails(TextWriter output, Source s, IReadOnlyList<SourceUrlChange> history)
    {
        output.WriteLine($"id:              {s.Id}");
        output.WriteLine($"name:            {s.Name}");
        output.WriteLine($"url:             {s.Url}");
        output.WriteLine($"kind:            {s.Kind}");
        output.WriteLine($"mode:            {s.RelevanceMode}");
        output.WriteLine($"interval:        {IntervalText.Format(s.PollInterval)} (current {IntervalText.Format(s.CurrentInterval)})");
        output.WriteLine($"enabled:         {(s.Enabled ? "yes" : $"no ({s.DisabledReason})")}");
        output.WriteLine($"items:           {s.ItemCount}");
        output.WriteLine($"last polled:     {When(s.LastPolledAt)} (HTTP {s.LastStatus?.ToString(CultureInfo.InvariantCulture) ?? "-"})");
        output.WriteLine($"last success:    {When(s.LastSuccessAt)}");
        output.WriteLine($"last error:      {When(s.LastErrorAt)} {s.LastErrorKind} {s.LastError}");
        output.WriteLine($"errors in a row: {s.ConsecutiveErrors}");
        output.WriteLine($"next poll:       {When(s.NextPollAt)}");
        foreach (var change in history)
        {
            output.WriteLine($"moved:           {When(change.ChangedAt)} {change.OldUrl} -> {change.NewUrl} ({change.Reason})");
        }
    }

    private static string When(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "never";

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];
}
