using ImmunoWatch.Processing;

namespace ImmunoWatch.Storage;

/// <summary>What a successful poll (200 or 304) leaves behind.</summary>
public sealed record SuccessfulPoll
{
    public IReadOnlyList<ProcessedItem> Items { get; init; } = [];
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    public bool StoreValidators { get; init; } = true;
    public int Status { get; init; }
    /// <summary>The URL a permanent redirect moved the feed to, applied only now that it parsed.</summary>
    public string? MovedTo { get; init; }
    public DateTimeOffset Now { get; init; }
    public DateTimeOffset NextPollAt { get; init; }
    public TimeSpan Interval { get; init; }
    /// <summary>An API source's cursor after a complete pass (where the next incremental pass starts); null keeps the stored one.</summary>
    public string? SyncCursor { get; init; }
}
