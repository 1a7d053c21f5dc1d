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
}
