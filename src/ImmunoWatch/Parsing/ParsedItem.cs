using ImmunoWatch.Normalising;

namespace ImmunoWatch.Parsing;

/// <summary>One feed entry, with fields capped, dates resolved, links absolutised and HTML sanitised.</summary>
public sealed record ParsedItem
{
    /// <summary>Stable per-source key: GUID, then GUID|link on collision, then link, then a hash of title and content.</summary>
    public required string Key { get; init; }
    public string? Guid { get; init; }
    public required string Title { get; init; }
    public string? Link { get; init; }
    public DateTimeOffset? Published { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>Sanitised HTML, safe to place in an email.</summary>
    public string SummaryHtml { get; init; } = "";
    /// <summary>Plain text of the summary, for search and tagging.</summary>
    public string SummaryText { get; init; } = "";
    public StudyIdentifiers Ids { get; init; } = StudyIdentifiers.None;
    /// <summary>SHA-256 of the stored fields: tells an edited item from an unchanged one.</summary>
    public string ContentHash { get; init; } = "";
    /// <summary>The registry's record of the study, for an item read from the ClinicalTrials.gov API; null for feed items.</summary>
    public TrialRecord? Trial { get; init; }
    /// <summary>PubMed's record of the article (journal, MeSH headings, publication types), for an item read from E-utilities; null otherwise.</summary>
    public PubMedRecord? Article { get; init; }
}
