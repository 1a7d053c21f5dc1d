using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;
using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>
/// Reads the counts only the database knows (sources overdue, outbox rows by state) at start-up and
/// every <see cref="Interval"/>, for the gauges on /metrics: a scrape never waits on a query.
/// </summary>
internal sealed partial class OperationalCountsRefresher(OperationalCountsStore store, PipelineTelemetry telemetry, IOptions<PollingOptions> polling, TimeProvider time, ILogger<OperationalCountsRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A source counts as overdue when no tick picked it up in two tick intervals (and at least a minute).
        var grace = TimeSpan.FromTicks(Math.Max(polling.Value.TickInterval.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                telemetry.Observe(await store.ReadAsync(time.GetUtcNow(), grace, stoppingToken));
            }
            catch (NpgsqlException ex)
            {
                RefreshFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Could not read the operational counts for /metrics: {Reason}")]
    private static partial void RefreshFailed(ILogger logger, string reason);
}
