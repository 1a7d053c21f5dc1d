namespace ImmunoWatch.Digests;

/// <summary>One study in a digest, however many sources carried it.</summary>
public sealed record DigestEntry
{
    public long ItemId { get; init; }
    public required string Title { get; init; }
    public string? Link { get; init; }
    public string Summary { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Sites { get; init; } = [];
    public IReadOnlyList<string> CancerTypes { get; init; } = [];
    public IReadOnlyList<string> Modalities { get; init; } = [];
    public bool IsTrial { get; init; }
    /// <summary>A trial that names no organ ("advanced solid tumors"): shown to everyone who wants trials.</summary>
    public bool OpenToAnyCancer { get; init; }
    public IReadOnlyList<string> Phases { get; init; } = [];
    public string? Status { get; init; }
    public int Rank { get; init; }

    // A trial update (the ClinicalTrials.gov API's record of the trial changed): what and where.
    public string? NctId { get; init; }
    /// <summary>Newly recruiting, New trial, Status changed, New site near you.</summary>
    public string? Update { get; init; }
    /// <summary>"Not yet recruiting → Recruiting on 1 Dec 2026", "New site: ...".</summary>
    public string? ChangeLine { get; init; }
    /// <summary>The nearest (recruiting, where there is one) site and its distance: "Ohio State University, Columbus, Ohio, United States · 12 km".</summary>
    public string? NearestSite { get; init; }
    /// <summary>"Ages 18 Years to 75 Years · all sexes".</summary>
    public string? Eligibility { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    /// <summary>The ClinicalTrials.gov API source tracks this trial.</summary>
    public bool RegistryTracked { get; init; }
}
