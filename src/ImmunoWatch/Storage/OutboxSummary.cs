namespace ImmunoWatch.Storage;

/// <summary>One outbox row as lists show it: who, which period, its state and outcome; never the stored message bodies.</summary>
public sealed record OutboxSummary
{
    public long Id { get; init; }
    public long SubscriberId { get; init; }
    public string Email { get; init; } = "";
    public string PeriodKey { get; init; } = "";
    public string State { get; init; } = "";
    public int Attempts { get; init; }
    public string? Subject { get; init; }
    public int ItemCount { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? Resolution { get; init; }
}
