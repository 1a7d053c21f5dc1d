namespace ImmunoWatch.Parsing;

/// <summary>
/// One study as the ClinicalTrials.gov API v2 describes it, limited to what ImmunoWatch stores.
/// Enumerated values (status, phases, study type, sex, intervention type, site status) are the
/// API's own enum names. Dates are as the registry gives them: "2024-01-23" or only "2024-01".
/// </summary>
public sealed record TrialRecord
{
    public required string NctId { get; init; }
    public required string BriefTitle { get; init; }
    public string? OfficialTitle { get; init; }
    public required string OverallStatus { get; init; }
    /// <summary>For UNKNOWN: the status last verified (the API's lastKnownStatus).</summary>
    public string? LastKnownStatus { get; init; }
    public string? WhyStopped { get; init; }
    public IReadOnlyList<string> Phases { get; init; } = [];
    public string? StudyType { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    /// <summary>MeSH descriptor names of the conditions (the derived condition browse terms).</summary>
    public IReadOnlyList<string> ConditionMesh { get; init; } = [];
    public IReadOnlyList<TrialIntervention> Interventions { get; init; } = [];
    public string? Sponsor { get; init; }
    public string? BriefSummary { get; init; }
    public string? StartDate { get; init; }
    public string? PrimaryCompletionDate { get; init; }
    public string? FirstPosted { get; init; }
    public string? LastUpdatePosted { get; init; }
    public TrialEligibility Eligibility { get; init; } = TrialEligibility.Unstated;
    public IReadOnlyList<TrialSite> Sites { get; init; } = [];

    /// <summary>The registry's public page for the study.</summary>
    public string RegistryLink => $"https://clinicaltrials.gov/study/{NctId}";
}

/// <summary>An intervention: its API type (DRUG, BIOLOGICAL, ...; null when the response left it out) and name.</summary>
public sealed record TrialIntervention(string? Type, string Name);

/// <summary>Who may take part: ages as the registry writes them ("18 Years") and in years, sex (ALL, FEMALE, MALE), healthy volunteers, the criteria text.</summary>
public sealed record TrialEligibility
{
    public string? MinimumAge { get; init; }
    public string? MaximumAge { get; init; }
    public decimal? MinimumAgeYears { get; init; }
    public decimal? MaximumAgeYears { get; init; }
    public string? Sex { get; init; }
    public bool? HealthyVolunteers { get; init; }
    public string? Criteria { get; init; }

    public static readonly TrialEligibility Unstated = new();
}

/// <summary>A site (location) of a study: where it is, its own recruitment status, and its geo point when the registry gives one.</summary>
public sealed record TrialSite
{
    public string? Facility { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Country { get; init; }
    public string? Status { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Identity of a site within its study: facility, city, state and country, case and spacing folded.</summary>
    public string Key => string.Join('|', new[] { Facility, City, State, Country }.Select(p => string.Join(' ', (p ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()));
}
