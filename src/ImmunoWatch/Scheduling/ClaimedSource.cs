namespace ImmunoWatch.Scheduling;

/// <summary>A source reserved by one poller for one poll, with what that poll needs to know.</summary>
public sealed record ClaimedSource
{
    public long Id { get; init; }
    public required string Url { get; init; }
    public required string Name { get; init; }
    public TimeSpan? PollInterval { get; init; }
    public string? Etag { get; init; }
    public string? LastModified { get; init; }
    public int ConsecutiveErrors { get; init; }
    public TimeSpan? CurrentInterval { get; init; }
    /// <summary>Names this claim: results are recorded only while the source's claim is still this one.</summary>
    public Guid ClaimToken { get; init; }
    /// <summary>When the claim was taken (the poller's clock).</summary>
    public DateTimeOffset ClaimedAt { get; init; }
    /// <summary>An API source's cursor: where its next incremental pass starts (null before its first complete pass).</summary>
    public string? SyncCursor { get; init; }
}
