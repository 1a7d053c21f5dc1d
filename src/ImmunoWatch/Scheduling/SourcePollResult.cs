namespace ImmunoWatch.Scheduling;

/// <summary>The result of polling one source.</summary>
public sealed record SourcePollResult(long SourceId, PollOutcome Outcome, int ItemsNew, int ItemsUpdated, string? Error)
{
    /// <summary>Where the poll's time went, stage by stage (zero for the stages it did not reach).</summary>
    public StageTimes Times { get; init; }
}
