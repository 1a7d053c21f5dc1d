using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Delivery;

internal static partial class DeliveryLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Digest {OutboxId} for {Period} sent")]
    public static partial void Sent(ILogger logger, long outboxId, string period);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Digest {OutboxId} will be retried: {Reason}")]
    public static partial void Retrying(ILogger logger, long outboxId, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Digest {OutboxId} failed permanently: {Reason}")]
    public static partial void Failed(ILogger logger, long outboxId, string reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Digest {OutboxId} outcome unknown, not resent automatically (admin: check and resend by hand): {Reason}")]
    public static partial void Unknown(ILogger logger, long outboxId, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Digest run finished: {Summary}")]
    public static partial void RunFinished(ILogger logger, DeliverySummary summary);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Digest run stopping: {Handled} digest(s) of the batch handled, {Released} released to the queue")]
    public static partial void Stopped(ILogger logger, int handled, int released);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Digest periods end {Lag} before now: a write transaction on the database has been running that long (see pg_stat_activity); what it writes goes to the next digests")]
    public static partial void HorizonHeldBack(ILogger logger, TimeSpan lag);
}
