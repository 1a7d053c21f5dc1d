using ImmunoWatch.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace ImmunoWatch.Web.Operations;

/// <summary>
/// Ready only while this instance's scheduler is checking in with the cluster: its row in
/// <c>qrtz_scheduler_state</c> is younger than the misfire threshold. A scheduler that stopped, or
/// that cannot write to the database, is about to have its work taken over by the others, and this
/// instance should get no traffic meanwhile. (A running scheduler alone, or <c>SELECT 1</c>, would
/// not show that.)
/// </summary>
internal sealed class SchedulerCheckinHealthCheck(ISchedulerFactory schedulers, NpgsqlDataSource dataSource, IOptions<SchedulerOptions> options, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = await scheduler.GetStatus(cancellationToken);
        if (status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Unhealthy($"the scheduler is {status}, not running");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT last_checkin_time FROM qrtz_scheduler_state WHERE sched_name = $1 AND instance_name = $2");
            command.Parameters.Add(new NpgsqlParameter { Value = scheduler.SchedulerName });
            command.Parameters.Add(new NpgsqlParameter { Value = await scheduler.GetSchedulerInstanceId(cancellationToken) });
            if (await command.ExecuteScalarAsync(cancellationToken) is not long checkedIn)
            {
                return HealthCheckResult.Unhealthy("this instance has not checked in with the cluster yet");
            }

            // Quartz.NET keeps times as UTC ticks.
            var age = time.GetUtcNow() - new DateTimeOffset(checkedIn, TimeSpan.Zero);
            return age <= options.Value.CheckinMisfireThreshold
                ? HealthCheckResult.Healthy($"last check-in {age.TotalSeconds:0.0} s ago")
                : HealthCheckResult.Unhealthy($"last check-in {age.TotalSeconds:0} s ago, beyond the {options.Value.CheckinMisfireThreshold.TotalSeconds:0} s threshold");
        }
        catch (NpgsqlException ex)
        {
            return HealthCheckResult.Unhealthy("database unreachable", ex);
        }
    }
}
