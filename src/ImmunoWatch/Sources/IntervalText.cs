using System.Globalization;
using System.Text.RegularExpressions;

namespace ImmunoWatch.Sources;

/// <summary>Poll intervals as admins type them: "90s", "30m", "2h", "1d", "01:30:00", or "auto" (adaptive).</summary>
public static partial class IntervalText
{
    /// <returns>True when understood; <paramref name="interval"/> is null for "auto".</returns>
    public static bool TryParse(string? text, out TimeSpan? interval)
    {
        interval = null;
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value) || value is "auto" or "default")
        {
            return true;
        }

        var match = Shorthand().Match(value);
        if (match.Success)
        {
            var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            interval = match.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" or "min" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return true;
        }

        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            interval = span;
            return true;
        }

        return false;
    }

    public static string Format(TimeSpan? interval) => interval switch
    {
        null => "auto",
        { TotalDays: >= 1 } d when d.TotalDays == Math.Floor(d.TotalDays) => $"{d.TotalDays:0}d",
        { TotalHours: >= 1 } h when h.TotalHours == Math.Floor(h.TotalHours) => $"{h.TotalHours:0}h",
        { TotalMinutes: >= 1 } m when m.TotalMinutes == Math.Floor(m.TotalMinutes) => $"{m.TotalMinutes:0}m",
        { } other => other.ToString("c", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<unit>s|m|min|h|d)$")]
    private static partial Regex Shorthand();
}
