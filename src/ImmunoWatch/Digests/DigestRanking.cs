using ImmunoWatch.Tagging;

namespace ImmunoWatch.Digests;

/// <summary>
/// Orders entries so that what changes practice comes first: phase 3 results and randomised
/// trials, then phase 2 and 1, then other clinical work, then preclinical studies (mice, cell
/// lines). Recruiting trials lead the trials section, then not-yet-recruiting ones.
/// </summary>
public static class DigestRanking
{
    private static readonly string[] Preclinical = ["mice", "murine", "mouse model", "in vitro", "cell line", "xenograft", "preclinical", "zebrafish"];

    /// <param name="textScore">The title and summary's share, from <see cref="TextScore"/>.</param>
    public static int Score(IReadOnlyList<string> phases, string? status, int textScore)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var score = textScore;
        score += phases.Contains("PHASE3") ? 40 : phases.Contains("PHASE2") ? 25 : phases.Contains("PHASE1") ? 10 : phases.Contains("PHASE4") ? 20 : 0;
        score += status switch
        {
            TrialStatus.Recruiting => 30,
            TrialStatus.NotYetRecruiting => 20,
            TrialStatus.EnrollingByInvitation => 10,
            _ => 0,
        };
        return score;
    }

    /// <summary>
    /// What PubMed's publication types add: a phase 3 or randomised controlled trial most, then
    /// meta-analyses and phase 2 trials, then other clinical trials.
    /// </summary>
    public static int PublicationTypeScore(IReadOnlyCollection<string> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        bool Has(string type) => types.Contains(type, StringComparer.OrdinalIgnoreCase);
        return Has("Clinical Trial, Phase III") || Has("Randomized Controlled Trial") ? 35
            : Has("Meta-Analysis") || Has("Systematic Review") || Has("Clinical Trial, Phase II") ? 20
            : Has("Clinical Trial") || Has("Clinical Trial, Phase I") || Has("Clinical Trial, Phase IV") ? 10
            : 0;
    }

    /// <summary>What the words of a title and summary add: randomised, survival, approval up; preclinical down.</summary>
    public static int TextScore(string title, string summary)
    {
        var text = $"{title} {summary}";
        var score = 0;
        score += Mentions(text, "randomized") || Mentions(text, "randomised") ? 15 : 0;
        score += Mentions(text, "overall survival") ? 10 : 0;
        score += Mentions(text, "approval") || Mentions(text, "approved") ? 10 : 0;
        score -= Preclinical.Any(p => Mentions(text, p)) ? 20 : 0;
        return score;
    }

    private static bool Mentions(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);
}
