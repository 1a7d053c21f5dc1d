namespace ImmunoWatch.Parsing;

/// <summary>The ClinicalTrials.gov API v2 enum values ImmunoWatch stores; a value outside them is an error, not a guess.</summary>
public static class CtGovEnums
{
    /// <summary>Overall status of a study (the API's Status enum).</summary>
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "RECRUITING",
        "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE", "NO_LONGER_AVAILABLE", "TEMPORARILY_NOT_AVAILABLE",
        "APPROVED_FOR_MARKETING", "WITHHELD", "UNKNOWN",
    };

    /// <summary>Status of one site (the API's RecruitmentStatus enum).</summary>
    public static readonly IReadOnlySet<string> SiteStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "ACTIVE_NOT_RECRUITING", "COMPLETED", "ENROLLING_BY_INVITATION", "NOT_YET_RECRUITING", "RECRUITING",
        "SUSPENDED", "TERMINATED", "WITHDRAWN", "AVAILABLE",
    };

    public static readonly IReadOnlySet<string> Phases = new HashSet<string>(StringComparer.Ordinal) { "NA", "EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4" };

    public static readonly IReadOnlySet<string> StudyTypes = new HashSet<string>(StringComparer.Ordinal) { "INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS" };

    public static readonly IReadOnlySet<string> Sexes = new HashSet<string>(StringComparer.Ordinal) { "ALL", "FEMALE", "MALE" };

    public static readonly IReadOnlySet<string> InterventionTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "BEHAVIORAL", "BIOLOGICAL", "COMBINATION_PRODUCT", "DEVICE", "DIAGNOSTIC_TEST", "DIETARY_SUPPLEMENT",
        "DRUG", "GENETIC", "PROCEDURE", "RADIATION", "OTHER",
    };

    /// <summary>Statuses in which a study (or a site) takes participants.</summary>
    public static readonly IReadOnlySet<string> Recruiting = new HashSet<string>(StringComparer.Ordinal) { "RECRUITING", "ENROLLING_BY_INVITATION", "AVAILABLE" };
}
