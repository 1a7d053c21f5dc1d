namespace ImmunoWatch.Scheduling;

/// <summary>The result of polling one source.</summary>
public sealed record SourcePollResult(long SourceId, PollOutcome Outcome, int ItemsNew, int ItemsUpdated, string? Error);
