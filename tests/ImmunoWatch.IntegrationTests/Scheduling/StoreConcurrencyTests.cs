using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// A poll fetches many sources at once but uses the database through a few connections
/// (<c>Polling:StoreConcurrency</c>): each connection is a PostgreSQL backend, costly to start.
/// </summary>
public sealed class StoreConcurrencyTests
{
    [PostgresFact]
    public async Task Sixteen_fetches_at_once_use_no_more_connections_than_the_store_slots_and_the_claim()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(300); // every fetch of a batch is in flight at once, and all finish together
            var path = context.Request.Path.Value;
            await context.Response.WriteAsync(Feeds.Rss(path!, ("1", $"{path} first"), ("2", $"{path} second")));
        });
        var settings = TestServices.Loopback(server);
        settings["Polling:MaxConcurrency"] = "16";
        settings["Polling:PerHostConcurrency"] = "16";
        settings["Polling:StoreConcurrency"] = "2";
        await using var db = await Database.CreateAsync(settings);
        var store = db.Get<SourceStore>();
        for (var i = 0; i < 32; i++)
        {
            await store.AddAsync(new Source { Url = server.Url($"/feed/{i}").ToString(), Name = $"feed {i}" }, CancellationToken.None);
        }

        var before = await SessionsAsync(db);
        var summary = await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);
        var opened = await SessionsAsync(db) - before;

        Assert.Equal((32, 32, 64), (summary.Polled, summary.Ok, summary.ItemsNew));
        Assert.True(server.Requests.Count >= 32);
        // Two store slots, plus the connection the claim used (returned to the pool before the fetches).
        Assert.InRange(opened, 1, 3);
    }

    /// <summary>Sessions PostgreSQL has counted for the test's database, once the pool has closed every connection.</summary>
    private static async Task<long> SessionsAsync(Database db)
    {
        db.DataSource.Clear();
        var name = new NpgsqlConnectionStringBuilder(db.ConnectionString).Database!;
        var admin = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT count(*) FROM pg_stat_activity WHERE datname = @name", new { name }) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the test database's connections did not close");
            await Task.Delay(50);
        }

        // A backend reports its session when it exits; a fresh snapshot sees every one that has.
        await Dapper.SqlMapper.ExecuteAsync(connection, "SELECT pg_stat_clear_snapshot()");
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT sessions FROM pg_stat_database WHERE datname = @name", new { name });
    }
}
