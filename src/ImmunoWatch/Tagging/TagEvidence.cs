namespace ImmunoWatch.Tagging;

/// <summary>
/// Structured evidence a registry or an index gives beside an item's text: the registry's condition
/// names (ClinicalTrials.gov's <c>conditionsModule.conditions</c>), MeSH descriptor names (PubMed's
/// headings, the registry's condition browse terms) and intervention names. Where present, conditions
/// and MeSH terms are the primary evidence for cancer types; interventions add to the modality evidence.
/// </summary>
public sealed record TagEvidence
{
    public IReadOnlyList<string> Conditions { get; init; } = [];
    public IReadOnlyList<string> Mesh { get; init; } = [];
    public IReadOnlyList<string> Interventions { get; init; } = [];

    public static readonly TagEvidence None = new();

    public bool HasCancerEvidence => Conditions.Count > 0 || Mesh.Count > 0;

    public bool IsEmpty => !HasCancerEvidence && Interventions.Count == 0;

    /// <summary>
    /// The phrase in reading order: MeSH and many registries write a heading inverted, its head first
    /// ("Carcinoma, Non-Small-Cell Lung", "Leukemia, Myeloid, Acute"); the parts reversed read as prose
    /// ("Non-Small-Cell Lung Carcinoma", "Acute Myeloid Leukemia"). A phrase with no comma is itself.
    /// </summary>
    public static string InReadingOrder(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        if (!heading.Contains(',', StringComparison.Ordinal))
        {
            return heading;
        }

        var parts = heading.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Array.Reverse(parts);
        return string.Join(' ', parts);
    }
}
