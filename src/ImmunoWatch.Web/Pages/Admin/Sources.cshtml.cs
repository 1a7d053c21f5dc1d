using System.Globalization;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Every source with its health, failing first; admins pause (with a reason) and resume them.</summary>
public sealed class SourcesModel(SourceStore sources, AuditStore audit, PollingService polling, OpmlImporter importer, TimeProvider time) : PageModel
{
    public IReadOnlyList<Source> Sources { get; private set; } = [];

    /// <summary>Items first seen per day over the last 30 days, per source, oldest day first.</summary>
    public IReadOnlyDictionary<long, int[]> Activity { get; private set; } = new Dictionary<long, int[]>();

    /// <summary>The column the list is sorted by: state (failing first, the default), name, kind, last-success, next-poll, items.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public bool CanChange => User.IsInRole(AdminRoles.Admin);

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = await sources.ListAsync(cancellationToken);
        var byName = all.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase);
        Sources = (Sort switch
        {
            "name" => byName,
            "kind" => all.OrderBy(s => s.Kind, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase),
            "last-success" => all.OrderBy(s => s.LastSuccessAt ?? DateTimeOffset.MinValue),
            "next-poll" => all.OrderBy(s => s.NextPollAt ?? DateTimeOffset.MaxValue),
            "items" => all.OrderByDescending(s => s.ItemCount),
            _ => byName.OrderBy(s => State(s) switch { "failing" => 0, "new" => 1, "ok" => 2, _ => 3 }),
        }).ToList();
        var today = time.GetUtcNow().UtcDateTime.Date;
        var perDay = await sources.ItemsPerDayAsync(30, time.GetUtcNow(), cancellationToken);
        Activity = Sources.ToDictionary(s => s.Id, s =>
        {
            var days = new int[30];
            foreach (var (day, items) in perDay[s.Id])
            {
                var index = 29 - (int)(today - day.Date).TotalDays;
                if (index is >= 0 and < 30)
                {
                    days[index] += items;
                }
            }

            return days;
        });
    }

    public async Task<IActionResult> OnPostPollAsync(long id, CancellationToken cancellationToken)
    {
        if (await sources.GetAsync(id, cancellationToken) is not { } source)
        {
            Notice = $"No source {id}.";
            return RedirectToPage();
        }

        var summary = await polling.PollAsync(all: false, id, cancellationToken);
        var after = await sources.GetAsync(id, cancellationToken);
        Notice = summary.Failed > 0
            ? $"Polled {source.Name}: failed ({after?.LastErrorKind}: {after?.LastError})."
            : $"Polled {source.Name}: {summary.ItemsNew} new and {summary.ItemsUpdated} updated items{(summary.NotModified > 0 ? " (not modified)" : "")}.";
        await audit.RecordAsync(User.Identity!.Name!, "source.poll", $"source {id} ({source.Name})", null, new { new_items = summary.ItemsNew, updated_items = summary.ItemsUpdated, failed = summary.Failed > 0 }, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, string? confirm, CancellationToken cancellationToken)
    {
        if (await sources.GetAsync(id, cancellationToken) is not { } source)
        {
            Notice = $"No source {id}.";
            return RedirectToPage();
        }

        if (confirm != source.Name)
        {
            Notice = $"Not removed: type the source's name (\"{source.Name}\") to confirm removing it and its {source.ItemCount} items.";
            return RedirectToPage();
        }

        await sources.RemoveAsync(id, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, "source.remove", $"source {id} ({source.Name})", new { source.Url, source.Name, source.Kind, source.Enabled, items = source.ItemCount }, null, cancellationToken);
        Notice = $"Removed {source.Name} and its items.";
        return RedirectToPage();
    }

    /// <summary>Every source as OPML 2.0 (paused ones marked paused, with their reason).</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        OpmlDocument.Write(stream, await sources.ListAsync(cancellationToken), time.GetUtcNow());
        stream.Position = 0;
        return File(stream, "text/x-opml; charset=utf-8", "immunowatch-sources.opml");
    }

    public async Task<IActionResult> OnPostImportAsync(Microsoft.AspNetCore.Http.IFormFile? opml, CancellationToken cancellationToken)
    {
        if (opml is null || opml.Length == 0 || opml.Length > 5 * 1024 * 1024)
        {
            Notice = "Choose an OPML file (up to 5 MB) to import.";
            return RedirectToPage();
        }

        IReadOnlyList<OpmlDocument.Outline> outlines;
        try
        {
            await using var stream = opml.OpenReadStream();
            outlines = OpmlDocument.Read(stream);
        }
        catch (Exception ex) when (ex is FormatException or System.Xml.XmlException)
        {
            Notice = $"Not imported: {opml.FileName}: {ex.Message}";
            return RedirectToPage();
        }

        var result = await importer.ImportAsync(outlines, cancellationToken);
        await audit.RecordAsync(User.Identity!.Name!, "sources.import", opml.FileName, null, new { added = result.Added, existing = result.Existing, rejected = result.Rejected }, cancellationToken);
        Notice = $"Imported {result.Added} sources ({result.Existing} already here, {result.Rejected.Count} refused{(result.Rejected.Count == 0 ? "" : ": " + string.Join("; ", result.Rejected.Take(5)))}).";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPauseAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        if (Reason(reason) is not { } why)
        {
            Notice = "Give a reason (up to 200 characters) to pause a source.";
            return RedirectToPage();
        }

        Notice = await SetEnabledAsync(id, false, why, cancellationToken) ? $"Source {id} paused." : $"No source {id}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(long id, string? reason, CancellationToken cancellationToken)
    {
        if (Reason(reason) is not { } why)
        {
            Notice = "Give a reason (up to 200 characters) to resume a source.";
            return RedirectToPage();
        }

        Notice = await SetEnabledAsync(id, true, why, cancellationToken) ? $"Source {id} resumed; it is polled at once." : $"No source {id}.";
        return RedirectToPage();
    }

    private static string? Reason(string? text)
    {
        var why = (text ?? "").Trim();
        return why.Length is 0 or > 200 || why.Any(char.IsControl) ? null : why;
    }

    /// <summary>
    /// Pauses or resumes a source and records the change in the audit log, with the state before and
    /// after and the admin's reason (a paused source keeps its reason; a resumed one has none).
    /// </summary>
    private async Task<bool> SetEnabledAsync(long id, bool enabled, string reason, CancellationToken cancellationToken)
    {
        if (await sources.GetAsync(id, cancellationToken) is not { } before || !await sources.SetEnabledAsync(id, enabled, enabled ? null : reason, cancellationToken))
        {
            return false;
        }

        await audit.RecordAsync(User.Identity!.Name!, enabled ? "source.resume" : "source.pause", $"source {id} ({before.Name})",
            new { enabled = before.Enabled, reason = before.DisabledReason }, new { enabled, reason }, cancellationToken);
        return true;
    }

    public static string State(Source source) => !source.Enabled ? "paused" : source.ConsecutiveErrors > 0 ? "failing" : source.LastSuccessAt is null ? "new" : "ok";

    public static string When(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "";
}
