using System.Collections.Concurrent;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// Every instance was down across three weekly send times, then one comes back: a real worker sends
/// one catch-up digest per subscriber (not one per missed week) covering the whole gap, and the missed
/// poll ticks collapse into one poll per source. The outage is made by moving the database's clocks
/// back (triggers, watermarks, next polls) between two runs of the worker.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CatchUpAfterOutageTests
{
    [PostgresFact]
    public async Task After_three_missed_weeks_one_digest_per_subscriber_and_one_poll_per_source()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var fetches = new ConcurrentDictionary<string, int>();
        var published = DateTimeOffset.UtcNow.AddDays(-10).ToString("r");
        await using var feeds = await LoopbackServer.StartAsync(context =>
        {
            fetches.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            return context.Response.WriteAsync(
                $"<rss version=\"2.0\"><channel><title>J</title><item><guid>{context.Request.Path.Value}</guid><title>Pembrolizumab in melanoma ({context.Request.Path.Value})</title><link>https://journal.example{context.Request.Path.Value}</link><pubDate>{published}</pubDate><description>Checkpoint inhibitor immunotherapy for melanoma.</description></item></channel></rss>");
        });
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string>(smtp.ProcessSettings())
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = "http://127.0.0.1:0",
            ["Fetching__AllowedPrivateHosts__0"] = feeds.Authority,
            ["Polling__TickInterval"] = "00:00:01",
            ["Scheduler__IdleWaitTime"] = "00:00:01",
        };
        foreach (var name in new[] { "a", "b" })
        {
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "feeds", "add", feeds.Url($"/{name}.rss").ToString(), "--interval", "1h")).ExitCode);
        }

        foreach (var reader in new[] { "one@clinic.example", "two@clinic.example" })
        {
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "subscribers", "add", reader, "--follow", "MEL", "--weekday", "1", "--hour", "0")).ExitCode);
        }

        // A first life: the worker creates its triggers and stops (before any digest tick).
        using (var first = WorkerProcess.Start(env, "run"))
        {
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && await db.ScalarAsync<long>("SELECT count(*) FROM qrtz_triggers") < 2; await Task.Delay(250))
            {
                Assert.False(first.HasExited, string.Join('\n', first.Output));
            }

            first.Terminate();
            Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }

        fetches.Clear();
        // The outage: everything was due three weeks ago (Quartz keeps UTC ticks), and the subscribers'
        // last digests were delivered 22 days ago.
        await db.ExecuteAsync(
            """
            UPDATE qrtz_triggers SET next_fire_time = 621355968000000000 + (extract(epoch FROM now() - interval '21 days') * 10000000)::bigint;
            UPDATE source_fetch_state SET next_poll_at = now() - interval '21 days', lease_until = NULL;
            UPDATE subscribers SET watermark = now() - interval '22 days';
            DELETE FROM digest_outbox;
            """);

        using var back = WorkerProcess.Start(env, "run");
        for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && smtp.Received.Count < 2; await Task.Delay(500))
        {
            Assert.False(back.HasExited, string.Join('\n', back.Output));
        }

        await Task.Delay(TimeSpan.FromSeconds(5)); // room for any second digest or poll that should not come

        Assert.Single(smtp.To("one@clinic.example"));
        Assert.Single(smtp.To("two@clinic.example"));
        Assert.Contains("Pembrolizumab in melanoma (/a.rss)", Assert.Single(smtp.To("one@clinic.example")).TextBody, StringComparison.Ordinal);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM digest_outbox"));
        Assert.Equal(2, fetches.Count);
        Assert.All(fetches.Values, n => Assert.Equal(1, n));
    }
}
