namespace ImmunoWatch.Subscribers;

/// <summary>
/// What a subscriber asks of the trials section besides cancer types: only recruiting trials, a
/// location, and who they are for eligibility. Everything optional; <see cref="None"/> asks nothing.
/// </summary>
public sealed record TrialPreferences
{
    /// <summary>Only trials (and sites) that are recruiting now; status changes away from recruiting are still shown.</summary>
    public bool RecruitingOnly { get; init; }
    public TrialLocation? Location { get; init; }
    /// <summary>The participant's age in years, checked against each trial's minimum and maximum age.</summary>
    public int? AgeYears { get; init; }
    /// <summary>female or male, checked against each trial's eligible sex; null for either.</summary>
    public string? Sex { get; init; }

    public static readonly TrialPreferences None = new();
}

/// <summary>
/// Where a subscriber wants trial sites: a country (ClinicalTrials.gov's country name, e.g. "United
/// States"), optionally a state within it, or a point and a radius in km (a city, given by name and
/// resolved to the registry's own geo point for it, or by latitude and longitude).
/// </summary>
public sealed record TrialLocation
{
    public string? Country { get; init; }
    public string? State { get; init; }
    /// <summary>How the subscriber named the point ("Columbus, Ohio"), for display.</summary>
    public string? Label { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public int? RadiusKm { get; init; }

    public bool IsPoint => Latitude is not null && Longitude is not null && RadiusKm is not null;

    /// <summary>How the location reads in a digest: "within 100 km of Columbus, Ohio", "in Ohio, United States".</summary>
    public string Describe() => IsPoint
        ? $"within {RadiusKm} km of {Label ?? $"{Latitude:0.###}, {Longitude:0.###}"}"
        : $"in {string.Join(", ", new[] { State, Country }.Where(p => !string.IsNullOrWhiteSpace(p)))}";
}

public static class Sexes
{
    public const string Female = "female";
    public const string Male = "male";
    public static readonly IReadOnlyList<string> All = [Female, Male];
}
