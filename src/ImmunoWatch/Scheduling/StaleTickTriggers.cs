using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Removes poll-tick triggers a cluster no longer configures. The tick triggers live in the shared
/// job store and each start re-creates lanes 0..TickLanes-1; after `Polling:TickLanes` is lowered,
/// the higher lanes would otherwise keep firing for ever.
/// </summary>
public sealed partial class StaleTickTriggers(ISchedulerFactory schedulers, IOptions<PollingOptions> options, ILogger<StaleTickTriggers> logger) : IHostedService
{
    public const string Group = "polling";
    public const string Prefix = "poll-tick-";

    public static TriggerKey Lane(int lane) => new(Prefix + lane.ToString(System.Globalization.CultureInfo.InvariantCulture), Group);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var lanes = options.Value.TickLanes;
        foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(Group), cancellationToken))
        {
            if (key.Name.StartsWith(Prefix, StringComparison.Ordinal)
                && int.TryParse(key.Name.AsSpan(Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var lane)
                && lane >= lanes
                && await scheduler.UnscheduleJob(key, cancellationToken))
            {
                Removed(logger, key.Name, lanes);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Removed tick trigger {Trigger}: only {Lanes} lanes are configured now")]
    private static partial void Removed(ILogger logger, string trigger, int lanes);
}
