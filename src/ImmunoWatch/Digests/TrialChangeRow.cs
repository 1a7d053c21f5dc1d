namespace ImmunoWatch.Digests;

/// <summary>One recorded change of a trial (status or site) with the trial's current facts and tags, as digests read it.</summary>
public sealed record TrialChangeRow
{
    public string NctId { get; init; } = "";
    public string Title { get; init; } = "";
    public string OverallStatus { get; init; } = "";
    public string[] Phases { get; init; } = [];
    public string[] Conditions { get; init; } = [];
    public string? MinAge { get; init; }
    public string? MaxAge { get; init; }
    public decimal? MinAgeYears { get; init; }
    public decimal? MaxAgeYears { get; init; }
    public string? Sex { get; init; }
    public string? FirstPosted { get; init; }
    public string Change { get; init; } = "";
    public string? SiteKey { get; init; }
    public string? FromStatus { get; init; }
    public string? ToStatus { get; init; }
    public DateTime? ChangedOn { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>The trial's tagged tissues (from its registry conditions).</summary>
    public string[] Sites { get; init; } = [];
    public bool GenericCancer { get; init; }
}

/// <summary>A site of a trial as digests read it.</summary>
public sealed record TrialSiteRow
{
    public string NctId { get; init; } = "";
    public string SiteKey { get; init; } = "";
    public string? Facility { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Country { get; init; }
    public string? Status { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool Removed { get; init; }

    public string Place => string.Join(", ", new[] { Facility, City, State, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
