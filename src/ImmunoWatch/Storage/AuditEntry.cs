namespace ImmunoWatch.Storage;

/// <summary>One admin change: who, when, what (action on a target), and the state before and after (JSON).</summary>
public sealed record AuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Target { get; init; } = "";
    public string? Before { get; init; }
    public string? After { get; init; }
}
