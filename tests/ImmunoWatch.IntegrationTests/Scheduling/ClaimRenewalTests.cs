using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// A fetch that waited for its slot past half its lease renews the claim before it starts, and
/// gives the source up without fetching when the claim has already passed to another poll.
/// </summary>
public sealed class ClaimRenewalTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [PostgresFact]
    public async Task A_fetch_starting_late_renews_its_claim_first()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Database? db = null;
        DateTime? leaseDuringFetch = null;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            leaseDuringFetch = await db!.ScalarAsync<DateTime?>("SELECT lease_until FROM source_fetch_state");
            await context.Response.WriteAsync(Feeds.Rss("t", ("1", "One")));
        });
        await using var database = db = await Database.CreateAsync(TestServices.Loopback(server), clock);
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url().ToString(), Name = "late" }, CancellationToken.None);
        var claimed = Assert.Single(await db.Get<FetchStateStore>().ClaimAsync(clock.GetUtcNow(), Lease, 1, dueOnly: false, id, [], CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(4)); // waited behind the per-host limit
        var result = await db.Get<SourcePoller>().PollAsync(claimed, CancellationToken.None);

        Assert.Equal(PollOutcome.Ok, result.Outcome);
        Assert.NotNull(leaseDuringFetch);
        Assert.True(leaseDuringFetch >= (clock.GetUtcNow() + Lease - TimeSpan.FromSeconds(1)).UtcDateTime, $"lease during the fetch ran to {leaseDuringFetch:O}, not renewed");
    }

    [PostgresFact]
    public async Task A_fetch_whose_claim_passed_to_another_poll_gives_the_source_up_without_fetching()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("t", ("1", "One"))));
        await using var db = await Database.CreateAsync(TestServices.Loopback(server), clock);
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url().ToString(), Name = "late" }, CancellationToken.None);
        var store = db.Get<FetchStateStore>();
        var stale = Assert.Single(await store.ClaimAsync(clock.GetUtcNow(), Lease, 1, dueOnly: false, id, [], CancellationToken.None));
        clock.Advance(Lease + TimeSpan.FromMinutes(1));
        var current = Assert.Single(await store.ClaimAsync(clock.GetUtcNow(), Lease, 1, dueOnly: false, id, [], CancellationToken.None));

        var result = await db.Get<SourcePoller>().PollAsync(stale, CancellationToken.None);

        Assert.Equal(PollOutcome.Skipped, result.Outcome);
        Assert.Empty(server.Requests);
        Assert.Equal(current.ClaimToken, await db.ScalarAsync<Guid>("SELECT claim_token FROM source_fetch_state WHERE source_id = @id", new { id }));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }
}
