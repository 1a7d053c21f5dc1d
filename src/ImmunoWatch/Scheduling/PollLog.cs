using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Scheduling;

internal static partial class PollLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Source {SourceId} ({Name}): {Outcome}, {New} new, {Updated} updated in {Milliseconds:0} ms")]
    public static partial void Polled(ILogger logger, long sourceId, string name, PollOutcome outcome, int @new, int updated, double milliseconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Source {SourceId}: database failed during the poll (transient: {Transient}): {Message}")]
    public static partial void DatabaseFailed(ILogger logger, long sourceId, bool transient, string message);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Source {SourceId}: {Dropped} items beyond the per-fetch cap were dropped (oldest first)")]
    public static partial void ItemsDropped(ILogger logger, long sourceId, int dropped);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Poll run finished: {Summary}")]
    public static partial void RunFinished(ILogger logger, PollSummary summary);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Poll tick: nothing due")]
    public static partial void NothingDue(ILogger logger);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Source {SourceId} ({Name}) failed in {Milliseconds:0} ms: {Error}")]
    public static partial void PollFailed(ILogger logger, long sourceId, string name, double milliseconds, string? error);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Poll tick failed")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Poll tick is recovering a run interrupted on another node")]
    public static partial void Recovering(ILogger logger);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Source {SourceId}: {Reason}")]
    public static partial void ClaimLost(ILogger logger, long sourceId, string reason);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Source {SourceId}: the database failure could not be recorded either; the claim will lapse: {Message}")]
    public static partial void FailureNotRecorded(ILogger logger, long sourceId, string message);
}
