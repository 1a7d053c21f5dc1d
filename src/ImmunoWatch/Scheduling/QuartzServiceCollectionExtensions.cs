using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ImmunoWatch.Scheduling;

public static class QuartzServiceCollectionExtensions
{
    /// <summary>
    /// Quartz with its persistent, clustered job store on ImmunoWatch's own PostgreSQL: every node
    /// runs with SchedulerId AUTO, a trigger fires on one node only, and a dead node's jobs are
    /// recovered by the others.
    /// </summary>
    public static IServiceCollection AddClusteredScheduler(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var scheduler = configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>() ?? new SchedulerOptions();
        var polling = configuration.GetSection(PollingOptions.Section).Get<PollingOptions>() ?? new PollingOptions();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "immunowatch";
                s.InstanceId = "AUTO";
                s.GenerateInstanceId = true;
                s.IdleWaitTime = scheduler.IdleWaitTime;
            });
            q.UseDefaultThreadPool(pool => pool.MaxConcurrency = scheduler.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.ConfigureStore(o =>
                {
                    o.MisfireThreshold = scheduler.MisfireThreshold;
                    o.StoreJobDataAsStrings = true;
                });
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer(_ => { });
                store.UseClustering(cluster =>
                {
                    cluster.Enabled = true;
                    cluster.CheckinInterval = scheduler.CheckinInterval;
                    cluster.CheckinMisfireThreshold = scheduler.CheckinMisfireThreshold;
                });
            });
            q.AddJob<PollDueSourcesJob>(job => job
                .WithIdentity(PollDueSourcesJob.Key)
                .StoreDurably()
                .RequestRecovery()
                .WithDescription("Polls every source whose next poll time has come"));
            q.AddJob<RetagItemsJob>(job => job.WithIdentity(RetagItemsJob.Key).StoreDurably().WithDescription("Re-tags stored items after the tagger changes"));
            q.AddTrigger(trigger => trigger
                .ForJob(RetagItemsJob.Key)
                .WithIdentity("retag-tick", "tagging")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(10))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(5)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
            q.AddJob<SendDueDigestsJob>(job => job.WithIdentity(SendDueDigestsJob.Key).StoreDurably().RequestRecovery().WithDescription("Sends the digests that are due"));
            q.AddTrigger(trigger => trigger
                .ForJob(SendDueDigestsJob.Key)
                .WithIdentity("digest-tick", "digests")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(30))
                // Every 15 minutes; after downtime one catch-up run, never one per missed tick.
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMinutes(15)).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)));
            for (var lane = 0; lane < polling.TickLanes; lane++)
            {
                var offset = polling.TickInterval * lane / polling.TickLanes;
                var key = StaleTickTriggers.Lane(lane); // the builder runs later: capture the value, not the loop variable
                q.AddTrigger(trigger => trigger
                    .ForJob(PollDueSourcesJob.Key)
                    .WithIdentity(key)
                    .StartAt(DateTimeOffset.UtcNow + offset)
                    .WithSimpleSchedule(s => s
                        .WithInterval(polling.TickInterval)
                        .RepeatForever()
                        // After downtime, one tick now is enough: it polls everything that fell due.
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount)));
            }
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddHostedService<StaleTickTriggers>();
        return services;
    }
}
