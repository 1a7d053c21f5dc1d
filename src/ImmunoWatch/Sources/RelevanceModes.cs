namespace ImmunoWatch.Sources;

/// <summary>
/// Which of a source's items may reach digests: all of them (immunotherapy- or trial-specific
/// sources), or only those the tagger judges relevant to cancer immunotherapy (general oncology).
/// Every item is stored either way.
/// </summary>
public static class RelevanceModes
{
    public const string All = "all";
    public const string ImmunotherapyOnly = "immunotherapy-only";

    public static readonly IReadOnlyList<string> Values = [All, ImmunotherapyOnly];
}
