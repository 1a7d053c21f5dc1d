namespace ImmunoWatch.Digests;

/// <summary>One relevant item as digests read it: the item, its source's name and its tags.</summary>
public sealed record DigestCandidate
{
    public long ItemId { get; init; }
    public long? StudyId { get; init; }
    public string Title { get; init; } = "";
    public string? Link { get; init; }
    public string SummaryText { get; init; } = "";
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public string SourceName { get; init; } = "";
    public string[] Sites { get; init; } = [];
    public string[] CancerCodes { get; init; } = [];
    public string[] Modalities { get; init; } = [];
    public bool IsTrial { get; init; }
    public string[] Phases { get; init; } = [];
    public string? TrialStatus { get; init; }
    public bool GenericCancer { get; init; }
    public string? NctId { get; init; }
    /// <summary>PubMed's publication types of the article, when PubMed E-utilities gave them.</summary>
    public string[] PublicationTypes { get; init; } = [];
    /// <summary>The ClinicalTrials.gov API source tracks this trial (its status and sites are known).</summary>
    public bool RegistryTracked { get; init; }

    /// <summary>What the title and summary add to the rank (<see cref="DigestRanking.TextScore"/>), worked out once.</summary>
    public int TextScore { get; init; }
}
