using System.Text.RegularExpressions;

namespace ImmunoWatch.Tagging;

/// <summary>
/// Recruitment status normalised to the ClinicalTrials.gov enum, by whole phrase, never by
/// substring: "Not yet recruiting" and "Active, not recruiting" are not "Recruiting".
/// </summary>
public static partial class TrialStatus
{
    public const string Recruiting = "RECRUITING";
    public const string NotYetRecruiting = "NOT_YET_RECRUITING";
    public const string ActiveNotRecruiting = "ACTIVE_NOT_RECRUITING";
    public const string EnrollingByInvitation = "ENROLLING_BY_INVITATION";
    public const string Completed = "COMPLETED";
    public const string Terminated = "TERMINATED";
    public const string Withdrawn = "WITHDRAWN";
    public const string Suspended = "SUSPENDED";
    public const string Unknown = "UNKNOWN";

    /// <summary>A registry status as written anywhere ("Active, not recruiting", "ACTIVE_NOT_RECRUITING", "not yet recruiting"), or null.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var key = NonLetters().Replace(raw.Trim().ToLowerInvariant(), " ").Trim();
        return key switch
        {
            "recruiting" => Recruiting,
            "not yet recruiting" => NotYetRecruiting,
            "active not recruiting" => ActiveNotRecruiting,
            "enrolling by invitation" => EnrollingByInvitation,
            "completed" => Completed,
            "terminated" => Terminated,
            "withdrawn" => Withdrawn,
            "suspended" => Suspended,
            "unknown" or "unknown status" => Unknown,
            _ => null,
        };
    }

    /// <summary>
    /// A status stated in free text the way registries and their feeds state it: after "Status:" or
    /// "Recruitment:", or before " - verified" (ClinicalTrials.gov RSS). Other uses of the words
    /// ("patients who completed therapy") are not statuses.
    /// </summary>
    public static string? FindInText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = StatedStatus().Match(text);
        return match.Success ? Normalize(match.Groups["s"].Value) : null;
    }

    [GeneratedRegex(@"[^a-z]+")]
    private static partial Regex NonLetters();

    [GeneratedRegex(@"(?:(?:overall\s+|recruitment\s+)?status|recruitment)\s*[:\-]\s*(?<s>not yet recruiting|active,?\s*not recruiting|enrolling by invitation|recruiting|completed|terminated|withdrawn|suspended|unknown status)\b|(?<s>not yet recruiting|active,?\s*not recruiting|enrolling by invitation|recruiting|completed|terminated|withdrawn|suspended|unknown status)\s+-\s+verified", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatedStatus();
}
