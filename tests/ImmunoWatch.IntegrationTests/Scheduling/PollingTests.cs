using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>Polling end to end: loopback feed servers, the real fetcher and parser, PostgreSQL.</summary>
public sealed class PollingTests
{
    private static async Task<long> AddAsync(Database db, Uri url, string name = "feed") =>
        await db.Get<SourceStore>().AddAsync(new Source { Url = url.ToString(), Name = name }, CancellationToken.None);

    private static Task<PollSummary> PollAsync(Database db, long? id = null) =>
        db.Get<PollingService>().PollAsync(all: id is null, id, CancellationToken.None);

    private static async Task<Source> GetAsync(Database db, long id) => (await db.Get<SourceStore>().GetAsync(id, CancellationToken.None))!;

    [PostgresFact]
    public async Task Stores_items_then_polls_conditionally_and_keeps_items_on_304()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return;
            }

            context.Response.Headers.ETag = "\"v1\"";
            context.Response.Headers.LastModified = "Mon, 02 Nov 2026 10:00:00 GMT";
            await context.Response.WriteAsync(Feeds.Rss("t", ("1", "One"), ("2", "Two")));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url("/feed"));

        var first = await PollAsync(db, id);
        var second = await PollAsync(db, id);

        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=2 items_updated=0", Trim(first));
        Assert.Equal("polled=1 ok=0 not_modified=1 failed=0 items_new=0 items_updated=0", Trim(second));
        Assert.Equal("\"v1\"", server.Requests.Last().Header("If-None-Match"));
        Assert.Equal("Mon, 02 Nov 2026 10:00:00 GMT", server.Requests.Last().Header("If-Modified-Since"));
        var source = await GetAsync(db, id);
        Assert.Equal(2, source.ItemCount);
        Assert.Equal(304, source.LastStatus);
        Assert.Equal(0, source.ConsecutiveErrors);
        Assert.NotNull(source.LastSuccessAt);
        Assert.True(source.NextPollAt > DateTimeOffset.UtcNow.AddMinutes(4), "the next poll moved forward");
    }

    [PostgresFact]
    public async Task A_response_marked_expired_leaves_no_validators()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers.ETag = "\"v1\"";
            context.Response.Headers.Expires = "0";
            return context.Response.WriteAsync(Feeds.Rss("t", ("1", "One")));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url());
        await PollAsync(db, id);
        await PollAsync(db, id);
        Assert.Null(server.Requests.Last().Header("If-None-Match"));
        Assert.Null(await db.ScalarAsync<string>("SELECT etag FROM source_fetch_state WHERE source_id = @id", new { id }));
    }

    [PostgresFact]
    public async Task Gone_disables_the_source_with_reason_gone()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 410;
            return Task.CompletedTask;
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url());

        await PollAsync(db, id);
        var again = await PollAsync(db);

        var source = await GetAsync(db, id);
        Assert.False(source.Enabled);
        Assert.Equal("gone", source.DisabledReason);
        Assert.Equal("Gone", source.LastErrorKind);
        Assert.Equal(0, again.Polled);
        Assert.Single(server.Requests);
    }

    [PostgresFact]
    public async Task Failures_back_off_exponentially_and_one_success_resets_the_count()
    {
        var healthy = false;
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (!Volatile.Read(ref healthy))
            {
                context.Response.StatusCode = 502;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Feeds.Rss("t", ("1", "One")));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url());
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var before = DateTimeOffset.UtcNow;
            await PollAsync(db, id);
            waits.Add((await GetAsync(db, id)).NextPollAt!.Value - before);
        }

        var failing = await GetAsync(db, id);
        Assert.Equal(3, failing.ConsecutiveErrors);
        Assert.True(failing.Enabled, "failing sources back off, they are not dropped");
        Assert.Contains("502", failing.LastError, StringComparison.Ordinal);
        Assert.InRange(waits[0].TotalMinutes, 59, 61);
        Assert.InRange(waits[1].TotalMinutes, 119, 121);
        Assert.InRange(waits[2].TotalMinutes, 239, 241);

        Volatile.Write(ref healthy, true);
        await PollAsync(db, id);
        Assert.Equal(0, (await GetAsync(db, id)).ConsecutiveErrors);
    }

    [PostgresFact]
    public async Task Retry_after_pushes_the_next_poll_out()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "14400";
            return Task.CompletedTask;
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url());
        var before = DateTimeOffset.UtcNow;
        await PollAsync(db, id);
        var source = await GetAsync(db, id);
        Assert.True(source.NextPollAt >= before.AddHours(4), $"next poll {source.NextPollAt} is at least Retry-After away");
        Assert.Equal("RateLimited", source.LastErrorKind);
    }

    [PostgresFact]
    public async Task A_permanent_redirect_moves_the_stored_url_after_a_successful_parse()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/new";
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Feeds.Rss("t", ("1", "One")));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url("/old"));

        await PollAsync(db, id);

        var source = await GetAsync(db, id);
        Assert.Equal(server.Url("/new").ToString(), source.Url);
        var history = await db.Get<SourceStore>().UrlHistoryAsync(id, CancellationToken.None);
        var change = Assert.Single(history);
        Assert.Equal(server.Url("/old").ToString(), change.OldUrl);
        Assert.Equal("permanent-redirect", change.Reason);
    }

    [PostgresFact]
    public async Task A_permanent_redirect_onto_another_sources_url_is_reported_not_merged()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = 308;
                context.Response.Headers.Location = "/taken";
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Feeds.Rss("t", ("1", "One")));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await AddAsync(db, server.Url("/old"), "moving");
        var other = await AddAsync(db, server.Url("/taken"), "already there");

        await PollAsync(db, id);

        var source = await GetAsync(db, id);
        Assert.Equal(server.Url("/old").ToString(), source.Url);
        Assert.Equal("DuplicateFeed", source.LastErrorKind);
        Assert.Contains($"#{other}", source.LastError, StringComparison.Ordinal);
        Assert.Equal(0, source.ItemCount);
    }

    [PostgresFact]
    public async Task A_broken_feed_fails_alone_with_a_specific_reason()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Request.Path.Value switch
        {
            "/html" => context.Response.WriteAsync("<html><head><title>Validate User</title></head><body>Are you a robot?</body></html>"),
            "/truncated" => context.Response.WriteAsync("<rss version=\"2.0\"><channel><title>t</title><item><title>cut"),
            _ => context.Response.WriteAsync(Feeds.Rss("t", ("1", "One"), ("2", "Two"))),
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var html = await AddAsync(db, server.Url("/html"), "html");
        var truncated = await AddAsync(db, server.Url("/truncated"), "truncated");
        var good1 = await AddAsync(db, server.Url("/good1"), "good1");
        var good2 = await AddAsync(db, server.Url("/good2"), "good2");

        var summary = await PollAsync(db);

        Assert.Equal("polled=4 ok=2 not_modified=0 failed=2 items_new=4 items_updated=0", Trim(summary));
        Assert.Equal("Parse.NotAFeed", (await GetAsync(db, html)).LastErrorKind);
        Assert.Contains("<html>", (await GetAsync(db, html)).LastError, StringComparison.Ordinal);
        Assert.Equal("Parse.Malformed", (await GetAsync(db, truncated)).LastErrorKind);
        Assert.Equal(2, (await GetAsync(db, good1)).ItemCount);
        Assert.Equal(2, (await GetAsync(db, good2)).ItemCount);
    }

    private static string Trim(PollSummary summary) => summary.ToString()[..summary.ToString().IndexOf(" seconds=", StringComparison.Ordinal)];
}
