using ImmunoWatch.Scheduling;

namespace ImmunoWatch.Storage;

/// <summary>An unchanged (304) poll waiting to be recorded: the claim it ran under and the state it leaves.</summary>
public sealed record NotModifiedPoll(ClaimedSource Source, SuccessfulPoll Poll);
