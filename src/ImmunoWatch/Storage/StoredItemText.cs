using ImmunoWatch.Tagging;

namespace ImmunoWatch.Storage;

/// <summary>
/// What a stored item is re-tagged from: its title, plain-text summary and NCT id; for a study read
/// from the registry's API, the registry's facts; for an article read from PubMed E-utilities, its MeSH headings.
/// </summary>
public sealed record StoredItemText(string Title, string SummaryText, string? NctId, StoredTrialFacts? Registry, IReadOnlyList<string> Mesh);

/// <summary>The registry's evidence for tagging a stored trial, and its phases and overall status.</summary>
public sealed record StoredTrialFacts(TagEvidence Evidence, IReadOnlyList<string> Phases, string OverallStatus);
