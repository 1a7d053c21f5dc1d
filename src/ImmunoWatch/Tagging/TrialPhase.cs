using System.Text.RegularExpressions;

namespace ImmunoWatch.Tagging;

/// <summary>Trial phases as written ("Phase 1b", "phase II", "Phase 1/2", "Phase III") normalised to PHASE1..PHASE4.</summary>
public static partial class TrialPhase
{
    /// <summary>The sorted distinct phases a text states, e.g. ["PHASE1", "PHASE2"] for "phase I/II".</summary>
    public static IReadOnlyList<string> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var phases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in Phase().Matches(text))
        {
            foreach (var group in new[] { "a", "b" })
            {
                if (match.Groups[group].Success && Number(match.Groups[group].Value) is { } n)
                {
                    phases.Add("PHASE" + n);
                }
            }
        }

        return phases.ToList();
    }

    private static int? Number(string value) => value.ToLowerInvariant() switch
    {
        "1" or "i" => 1,
        "2" or "ii" => 2,
        "3" or "iii" => 3,
        "4" or "iv" => 4,
        _ => null,
    };

    [GeneratedRegex(@"\bphase\s*(?<a>iv|iii|ii|i|[1-4])(?:[ab]\b)?(?:\s*(?:/|-|–|and|or)\s*(?:phase\s*)?(?<b>iv|iii|ii|i|[1-4])(?:[ab])?)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Phase();
}
