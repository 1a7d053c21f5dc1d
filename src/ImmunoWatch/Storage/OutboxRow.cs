namespace ImmunoWatch.Storage;

/// <summary>One (subscriber, period) row of the digest outbox.</summary>
public sealed record OutboxRow
{
    public long Id { get; init; }
    public long SubscriberId { get; init; }
    public string PeriodKey { get; init; } = "";
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public string? MessageId { get; init; }
    public string? Subject { get; init; }
    public string? Html { get; init; }
    public string? TextBody { get; init; }
    public int ItemCount { get; init; }
    public DateTimeOffset? WatermarkTo { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>An admin's decision on a row that was unknown: "sent" or "resend".</summary>
    public string? Resolution { get; init; }
}
