namespace ImmunoWatch.Scheduling;

/// <summary>How one source's poll ended.</summary>
public enum PollOutcome
{
    Ok,
    NotModified,
    Failed,
    /// <summary>Another poller held the source, or it vanished: nothing was fetched.</summary>
    Skipped,
}
