using ImmunoWatch.Delivery;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Sends the digests that are due. Safe on several nodes and when re-fired: the outbox allows one
/// row per (subscriber, period) and rows are claimed with SKIP LOCKED. After downtime a misfired
/// trigger fires once, not once per missed hour.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SendDueDigestsJob(DigestDelivery delivery, ILogger<SendDueDigestsJob> logger) : IJob
{
    public static readonly JobKey Key = new("send-due-digests", "digests");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.RunAsync(onlyEmail: null, cancellationToken, await context.Scheduler.GetSchedulerInstanceId(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DigestJobLog.Failed(logger, ex);
        }
    }
}

internal static partial class DigestJobLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Error, Message = "Digest run failed; the next run continues where this one stopped")]
    public static partial void Failed(ILogger logger, Exception exception);
}
