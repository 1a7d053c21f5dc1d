using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// T33: Quartz's clustered job store recovers a poll that a dead node left half done. Worker A is
/// killed (SIGKILL) while it is fetching a feed; worker B notices A stopped checking in, re-runs the
/// interrupted job as a recovery, the feed's lease lapses, and B ingests the feed: every item once,
/// and no trace of A left in the scheduler tables.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class FailoverTests
{
    private const int ItemCount = 5;

    [PostgresFact]
    public async Task A_poll_interrupted_by_a_killed_worker_is_recovered_by_the_other()
    {
        var requests = 0;
        var firstRequestSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                firstRequestSeen.TrySetResult();
                // Worker A is stuck here when it is killed.
                await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await context.Response.WriteAsync(Feed());
        });

        await using var db = await Database.CreateAsync();
        await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url("/slow").ToString(), Name = "slow feed", PollInterval = TimeSpan.FromHours(1) }, CancellationToken.None);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = "http://127.0.0.1:0",
            ["Fetching__AllowedPrivateHosts__0"] = server.Authority,
            ["Fetching__ConnectTimeout"] = "00:00:02",
            ["Fetching__TotalTimeout"] = "00:00:04",
            ["Polling__TickInterval"] = "00:00:01",
            ["Polling__MinInterval"] = "00:00:01",
            ["Polling__Lease"] = "00:00:05",
            ["Scheduler__CheckinInterval"] = "00:00:01",
            ["Scheduler__CheckinMisfireThreshold"] = "00:00:02",
            ["Scheduler__IdleWaitTime"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Information",
        };

        using var a = WorkerProcess.Start(environment, "run");
        var started = await Task.WhenAny(firstRequestSeen.Task, Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(started == firstRequestSeen.Task, "worker A never fetched the feed:\n" + string.Join('\n', a.Output));
        using var b = WorkerProcess.Start(environment, "run");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") < 2)
        {
            await Task.Delay(200);
        }

        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"));
        a.Kill(); // SIGKILL, in the middle of the fetch: no shutdown hook runs

        deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline
            && (await db.ScalarAsync<long>("SELECT count(*) FROM items") < ItemCount || !Recovered(b)
                || await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state") != 1))
        {
            Assert.False(b.HasExited, "worker B exited:\n" + string.Join('\n', b.Output));
            await Task.Delay(500);
        }

        var output = "\n--- worker B:\n" + string.Join('\n', b.Output);
        Assert.True(Recovered(b), "worker B never ran the interrupted job as a recovery" + output);
        Assert.Equal(ItemCount, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(ItemCount, await db.ScalarAsync<long>("SELECT count(DISTINCT guid) FROM items"));
        Assert.True(Volatile.Read(ref requests) >= 2, "the feed was fetched again after the kill");
        // A's check-in row and its in-flight trigger record are gone; only B's remain.
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"));
        Assert.Equal(0, await db.ScalarAsync<long>(
            "SELECT count(*) FROM qrtz_fired_triggers f WHERE NOT EXISTS (SELECT 1 FROM qrtz_scheduler_state s WHERE s.instance_name = f.instance_name)"));
    }

    private static bool Recovered(WorkerProcess worker) =>
        worker.Output.Any(line => line.Contains("recovering a run interrupted on another node", StringComparison.Ordinal));

    private static string Feed()
    {
        var items = Enumerable.Range(0, ItemCount).Select(k => string.Create(CultureInfo.InvariantCulture,
            $"<item><guid>slow-{k}</guid><title>Item {k}</title><link>https://example.org/slow/{k}</link><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate></item>"));
        return $"<rss version=\"2.0\"><channel><title>Slow</title>{string.Concat(items)}</channel></rss>";
    }
}
