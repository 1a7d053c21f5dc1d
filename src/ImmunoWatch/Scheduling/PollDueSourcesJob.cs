using Microsoft.Extensions.Logging;
using Quartz;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// The scheduler's short tick: polls whatever is due. Concurrent runs on several nodes are safe
/// (claims skip each other's sources), so the job is not restricted to one node at a time; a run
/// lost with its node is simply recovered by the next tick, because its claims lapse.
/// </summary>
public sealed class PollDueSourcesJob(PollingService polling, ILogger<PollDueSourcesJob> logger) : IJob
{
    public static readonly JobKey Key = new("poll-due-sources", "polling");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Recovering)
        {
            PollLog.Recovering(logger);
        }

        try
        {
            await polling.PollAsync(all: false, sourceId: null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: sources in flight keep their claims until the lease lapses.
        }
        catch (Exception ex)
        {
            // A database outage must not kill the scheduler thread; the next tick tries again.
            PollLog.TickFailed(logger, ex);
        }
    }
}
