using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// The database connection dies in the middle of storing a feed's items (T32): the poll fails
/// cleanly, nothing half-written remains, the validators are not advanced (so the next poll gets
/// 200, not 304), the failure is recorded on the source with a backoff, and the next poll stores
/// everything once. The pool recovers on its own.
/// </summary>
public sealed class DatabaseOutageTests
{
    [PostgresFact]
    public async Task A_connection_killed_mid_ingest_loses_nothing_and_duplicates_nothing()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                return Task.CompletedTask;
            }

            context.Response.Headers.ETag = "\"v1\"";
            return context.Response.WriteAsync(Feeds.Rss("t", Enumerable.Range(0, 30).Select(i => ($"g{i}", $"Item {i}")).ToArray()));
        });
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url().ToString(), Name = "feed" }, CancellationToken.None);
        // The 20th insert terminates its own backend: the server side of the worker's connection dies mid-transaction.
        await db.ExecuteAsync("""
            CREATE FUNCTION kill_me() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF (SELECT count(*) FROM items) >= 19 THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER kill_me BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION kill_me();
            """);
        var polling = db.Get<PollingService>();

        var failed = await polling.PollAsync(all: false, id, CancellationToken.None);

        Assert.Equal(1, failed.Failed);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Null(await db.ScalarAsync<string>("SELECT etag FROM source_fetch_state WHERE source_id = @id", new { id }));
        // The failure is on the source, as `feeds show` reads it, with a backoff instead of a re-fetch every lease.
        var shown = await db.Get<SourceStore>().GetAsync(id, CancellationToken.None);
        Assert.NotNull(shown);
        Assert.Equal("Database", shown.LastErrorKind);
        Assert.Contains("terminat", shown.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, shown.ConsecutiveErrors);
        Assert.True(shown.NextPollAt > DateTimeOffset.UtcNow.AddMinutes(1), $"next poll {shown.NextPollAt:O} has no backoff");
        Assert.Null(await db.ScalarAsync<DateTime?>("SELECT lease_until FROM source_fetch_state WHERE source_id = @id", new { id }));

        await db.ExecuteAsync("DROP TRIGGER kill_me ON items");
        await db.ExecuteAsync("UPDATE source_fetch_state SET lease_until = NULL, next_poll_at = now() WHERE source_id = @id", new { id });
        var recovered = await polling.PollAsync(all: false, id, CancellationToken.None);

        Assert.Equal(1, recovered.Ok);
        Assert.Equal(30, recovered.ItemsNew);
        Assert.Null(server.Requests.Last().Header("If-None-Match")); // a full fetch, not a 304 that would hide the items
        Assert.Equal(30, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal("\"v1\"", await db.ScalarAsync<string>("SELECT etag FROM source_fetch_state WHERE source_id = @id", new { id }));
    }
}
