namespace ImmunoWatch.Tagging;

/// <summary>Everything the tagger says about one item.</summary>
public sealed record ItemTags
{
    public bool Immunotherapy { get; init; }
    public IReadOnlyList<CancerType> CancerTypes { get; init; } = [];
    /// <summary>Sorted distinct OncoTree tissues of <see cref="CancerTypes"/>.</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];
    /// <summary>True when cancer is named without a site ("tumour", "leukaemia").</summary>
    public bool GenericCancer { get; init; }
    public IReadOnlyList<string> Modalities { get; init; } = [];
    public IReadOnlyList<string> NctIds { get; init; } = [];
    public IReadOnlyList<string> Phases { get; init; } = [];
    /// <summary>Recruitment status in the ClinicalTrials.gov enum, when the text states one.</summary>
    public string? Status { get; init; }
    /// <summary>True for a trial record or an item about a registered trial (an NCT id is named).</summary>
    public bool IsTrial { get; init; }
    public int TaggerVersion { get; init; } = Tagging.TaggerVersion.Current;

    public static readonly ItemTags None = new();
}
