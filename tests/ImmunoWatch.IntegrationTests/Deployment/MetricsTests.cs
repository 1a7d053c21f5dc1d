using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Deployment;

/// <summary>A running worker's <c>/metrics</c> (Prometheus text) counts what it did and what waits in the database, beside Npgsql, HttpClient and runtime numbers.</summary>
[Collection(SerialCollection.Name)]
public sealed class MetricsTests
{
    [PostgresFact]
    public async Task Metrics_count_polls_by_outcome_and_items_stored()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Request.Path.Value == "/broken.rss"
            ? context.Response.WriteAsync("<html>not a feed</html>")
            : context.Response.WriteAsync(Feeds.Rss("Journal", ("1", "PD-1 blockade in melanoma"), ("2", "CAR-T cells in lymphoma"), ("3", "A vaccine in glioma"))));
        await using var db = await Database.CreateAsync();
        var sources = db.Get<SourceStore>();
        await sources.AddAsync(new Source { Url = server.Url("/good.rss").ToString(), Name = "good" }, CancellationToken.None);
        await sources.AddAsync(new Source { Url = server.Url("/broken.rss").ToString(), Name = "broken" }, CancellationToken.None);
        // A digest whose delivery is unknown waits for an admin: the outbox gauge shows it.
        await db.ExecuteAsync("""
            INSERT INTO subscribers (email, name) VALUES ('reader@clinic.example', 'Reader');
            INSERT INTO digest_outbox (subscriber_id, period_key, period_start, period_end, state)
            SELECT id, '2026-W48', now() - interval '7 days', now(), 'unknown' FROM subscribers;
            """);
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Fetching__AllowedPrivateHosts__0"] = server.Authority,
            ["Polling__TickInterval"] = "00:00:01",
            ["Scheduler__IdleWaitTime"] = "00:00:01",
        }, "run");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var (_, text) = await WorkerHttp.WaitAsync(http, new Uri($"http://127.0.0.1:{port}/metrics"), worker,
            (_, body) => body.Contains("outcome=\"ok\"", StringComparison.Ordinal) && body.Contains("outcome=\"failed\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        var lines = text.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("immunowatch_polls_total{", StringComparison.Ordinal) && l.Contains("outcome=\"ok\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_polls_total{", StringComparison.Ordinal) && l.Contains("error_kind=\"Parse.NotAFeed\"", StringComparison.Ordinal) && l.Contains("outcome=\"failed\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_items_total{", StringComparison.Ordinal) && l.Contains("change=\"new\"", StringComparison.Ordinal) && l.EndsWith(" 3", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_fetch_duration_seconds_count", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_ingest_duration_seconds_count", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_outbox_rows{", StringComparison.Ordinal) && l.Contains("state=\"unknown\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_outbox_rows{", StringComparison.Ordinal) && l.Contains("state=\"sent\"", StringComparison.Ordinal) && l.EndsWith(" 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("immunowatch_sources_overdue", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("db_client_", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("http_client_request_duration_seconds", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dotnet_gc_", StringComparison.Ordinal) || l.StartsWith("process_runtime_dotnet_gc", StringComparison.Ordinal));
    }
}
