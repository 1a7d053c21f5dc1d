namespace ImmunoWatch.Storage;

/// <summary>Sources overdue for a poll, and outbox rows per state.</summary>
public sealed record OperationalCounts(long SourcesOverdue, IReadOnlyDictionary<string, long> OutboxByState);
