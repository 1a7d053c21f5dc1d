namespace ImmunoWatch.Sources;

/// <summary>A feed an admin follows, with how it is polled and what health it is in.</summary>
public sealed record Source
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public required string Name { get; init; }
    public string Kind { get; init; } = SourceKinds.News;
    public string RelevanceMode { get; init; } = RelevanceModes.All;
    /// <summary>The admin's interval; null means adapt to the publisher.</summary>
    public TimeSpan? PollInterval { get; init; }
    public bool Enabled { get; init; } = true;
    public string? DisabledReason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    // Health, from the fetch state.
    public DateTimeOffset? NextPollAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset? LastPolledAt { get; init; }
    public string? LastError { get; init; }
    public string? LastErrorKind { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }
    public int? LastStatus { get; init; }
    public int ConsecutiveErrors { get; init; }
    public TimeSpan? CurrentInterval { get; init; }
    public long ItemCount { get; init; }
}
