using System.Collections.Concurrent;
using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// Three real `immunowatch run` processes on one database and 100 loopback feeds with several poll
/// intervals: the feed server sees no overlapping requests for any feed and no fetch sooner than the
/// feed's interval after the last, every feed is polled again and again, storage holds each item
/// once, and all three instances do some of the work.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class ClusterTests
{
    private const int FeedCount = 100;
    private const int ItemsPerFeed = 4;

    [PostgresFact]
    public async Task Three_workers_share_the_feeds_without_overlapping_fetches_or_duplicate_items()
    {
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlaps = new ConcurrentBag<string>();
        var served = new ConcurrentDictionary<string, int>();
        var starts = new ConcurrentDictionary<string, ConcurrentQueue<DateTime>>();
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var feed = context.Request.Path.Value!;
            starts.GetOrAdd(feed, _ => new ConcurrentQueue<DateTime>()).Enqueue(DateTime.UtcNow);
            if (inFlight.AddOrUpdate(feed, 1, (_, n) => n + 1) > 1)
            {
                overlaps.Add(feed);
            }

            try
            {
                await Task.Delay(150); // long enough that a double fetch would overlap
                served.AddOrUpdate(feed, 1, (_, n) => n + 1);
                var index = int.Parse(feed[(feed.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);
                await context.Response.WriteAsync(FeedFor(index));
            }
            finally
            {
                inFlight.AddOrUpdate(feed, 0, (_, n) => n - 1);
            }
        });

        await using var db = await Database.CreateAsync();
        var store = db.Get<SourceStore>();
        for (var i = 0; i < FeedCount; i++)
        {
            var interval = TimeSpan.FromSeconds(new[] { 2, 3, 5 }[i % 3]);
            await store.AddAsync(new Source { Url = server.Url($"/feed/{i}").ToString(), Name = $"feed {i}", PollInterval = interval }, CancellationToken.None);
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = "http://127.0.0.1:0",
            ["Fetching__AllowedPrivateHosts__0"] = server.Authority,
            ["Polling__TickInterval"] = "00:00:01",
            ["Polling__MinInterval"] = "00:00:01",
            ["Polling__DefaultInterval"] = "00:00:02",
            ["Polling__MaxConcurrency"] = "8",
            ["Polling__Lease"] = "00:00:30",
            ["Scheduler__CheckinInterval"] = "00:00:01",
            ["Scheduler__IdleWaitTime"] = "00:00:01",
            ["Polling__PerHostConcurrency"] = "8",
            ["Scheduler__CheckinMisfireThreshold"] = "00:00:05",
            ["Logging__LogLevel__Default"] = "Information",
        };
        var httpPort = WorkerHttp.FreePort();
        using var first = WorkerProcess.Start(new Dictionary<string, string>(environment) { ["Urls"] = $"http://127.0.0.1:{httpPort}" }, "run");
        using var second = WorkerProcess.Start(environment, "run");
        using var third = WorkerProcess.Start(environment, "run");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (served.Count < FeedCount || served.Values.Min() < 3))
        {
            Assert.False(first.HasExited, "worker 1 exited: " + string.Join('\n', first.Output));
            Assert.False(second.HasExited, "worker 2 exited: " + string.Join('\n', second.Output));
            Assert.False(third.HasExited, "worker 3 exited: " + string.Join('\n', third.Output));
            await Task.Delay(500);
        }

        using (var http = new HttpClient())
        {
            var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health/ready"));
            var live = await http.GetAsync(new Uri($"http://127.0.0.1:{httpPort}/health/live"));
            Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode); // database and scheduler both up
            Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        }

        first.Kill();
        second.Kill();
        third.Kill();

        Assert.Empty(overlaps);
        // Once per interval: no two fetches of a feed closer than its interval (less a little slack
        // for clocks), so no instance fetched a feed another had just fetched.
        var early = starts.SelectMany(kv =>
        {
            var interval = TimeSpan.FromSeconds(new[] { 2, 3, 5 }[int.Parse(kv.Key[(kv.Key.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture) % 3]);
            var times = kv.Value.Order().ToList();
            return times.Zip(times.Skip(1), (a, b) => (Feed: kv.Key, Gap: b - a, Interval: interval)).Where(g => g.Gap < g.Interval * 0.9);
        }).ToList();
        Assert.True(early.Count == 0, "fetched again before its interval: " + string.Join(", ", early.Take(5).Select(g => $"{g.Feed} after {g.Gap.TotalSeconds:0.00} s (interval {g.Interval.TotalSeconds} s)")));
        Assert.Equal(FeedCount, served.Count);
        Assert.True(served.Values.Min() >= 3, $"every feed polled at least 3 times (least: {served.Values.Min()})");
        Assert.Equal(FeedCount * ItemsPerFeed, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM (SELECT source_id, guid FROM items GROUP BY 1, 2 HAVING count(*) > 1) d"));
        // Item 0 of feed i carries DOI 10.1000/shared-(i mod 10): ten studies span ten sources each.
        Assert.Equal(10, await db.ScalarAsync<long>("SELECT count(DISTINCT study_id) FROM items WHERE doi LIKE '10.1000/shared-%'"));
        Assert.True(PolledSomething(first) && PolledSomething(second) && PolledSomething(third),
            "all three workers polled sources\n--- worker 1:\n" + string.Join('\n', first.Output.Take(40)) + "\n--- worker 2:\n" + string.Join('\n', second.Output.Take(40)) + "\n--- worker 3:\n" + string.Join('\n', third.Output.Take(40)));
    }

    private static bool PolledSomething(WorkerProcess worker) => worker.Output.Any(line => line.Contains("): Ok,", StringComparison.Ordinal));

    private static string FeedFor(int index)
    {
        var items = Enumerable.Range(0, ItemsPerFeed).Select(k =>
            $"<item><guid>feed{index}-item{k}</guid><title>Feed {index} item {k}</title><link>https://example.org/{index}/{k}</link>"
            + (k == 0 ? $"<dc:identifier>doi:10.1000/shared-{index % 10}</dc:identifier>" : "")
            + "<pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate></item>");
        return $"<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Feed {index}</title>{string.Concat(items)}</channel></rss>";
    }
}
