using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;

namespace ImmunoWatch.IntegrationTests.Storage;

/// <summary>
/// The set-based store under concurrency and load: feeds sharing identifiers in opposite orders,
/// the round trips of one large fetch, and a late result after its claim was taken over.
/// </summary>
public sealed class ConcurrentIngestTests
{
    /// <summary>
    /// The most commands one fetch may send, whatever its item count (the commit is one more round
    /// trip): the claim fence, the stored hashes, the stored studies (read again under identifier
    /// locks when the batch adds identifiers or merges studies), the new studies, the items, the state.
    /// </summary>
    private const int MaxCommandsPerFetch = 7;

    private static SuccessfulPoll Poll(string xml) => Ingest.Poll(Ingest.Parse(xml));

    /// <summary>An RSS document whose items carry a PubMed link (a PMID) and an NCT id in the title.</summary>
    private static string Rss(IEnumerable<(string Guid, long Pmid, long Nct)> items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>t</title><link>https://example.org/</link>
        {string.Concat(items.Select(i => string.Create(CultureInfo.InvariantCulture,
            $"<item><guid isPermaLink=\"false\">{i.Guid}</guid><title>Trial NCT{i.Nct:D8} of a melanoma vaccine</title><link>https://pubmed.ncbi.nlm.nih.gov/{i.Pmid}/</link></item>")))}
        </channel></rss>
        """;

    [PostgresFact]
    public async Task Two_feeds_sharing_identifiers_in_opposite_orders_never_deadlock_and_end_as_one_study()
    {
        await using var db = await Database.CreateAsync();
        var a = await Ingest.AddAndClaimAsync(db, "https://example.org/a.rss");
        var b = await Ingest.AddAndClaimAsync(db, "https://example.org/b.rss");
        var store = db.Get<FetchStateStore>();
        const int rounds = 15, size = 40;
        var deadlocksBefore = await DeadlocksAsync(db);

        for (var round = 0; round < rounds; round++)
        {
            // Feed A: item i names PMID p(i) and NCT n(i), ascending. Feed B, descending: item i names
            // p(i) and n(i+1), so every item of the round bridges two of A's studies: one study in the end.
            var r = round;
            var feedA = Rss(Enumerable.Range(0, size).Select(i => ($"a-{r}-{i}", 1_000_000L + r * 100 + i, 10_000_000L + r * 100 + i)));
            var feedB = Rss(Enumerable.Range(0, size).Reverse().Select(i => ($"b-{r}-{i}", 1_000_000L + r * 100 + i, 10_000_000L + r * 100 + i + 1)));
            var results = await Task.WhenAll(
                Task.Run(() => store.RecordSuccessAsync(a, Poll(feedA), CancellationToken.None)),
                Task.Run(() => store.RecordSuccessAsync(b, Poll(feedB), CancellationToken.None)));

            Assert.All(results, c => Assert.Equal(new IngestCounts(size, 0), c));
            Assert.Equal(1, await db.ScalarAsync<long>(
                "SELECT count(DISTINCT study_id) FROM items WHERE guid LIKE @a OR guid LIKE @b", new { a = $"a-{r}-%", b = $"b-{r}-%" }));
        }

        Assert.Equal(2L * rounds * size, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE study_id IS NULL"));
        Assert.Equal(rounds, await db.ScalarAsync<long>("SELECT count(*) FROM studies"));
        // Every identifier names the study its items are in, and each (kind, value) is stored once (primary key).
        Assert.Equal(0, await db.ScalarAsync<long>(
            """
            SELECT count(*) FROM items i JOIN study_identifiers si ON si.kind = 'nct' AND si.value = i.nct_id
            WHERE si.study_id <> i.study_id
            """));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM (SELECT source_id, key_hash FROM items GROUP BY 1, 2 HAVING count(*) > 1) d"));
        Assert.Equal(deadlocksBefore, await DeadlocksAsync(db));
    }

    [PostgresFact]
    public async Task One_cold_fetch_of_500_items_takes_the_same_few_round_trips_as_one_of_5()
    {
        await using var db = await Database.CreateAsync();
        var store = db.Get<FetchStateStore>();
        var small = await Ingest.AddAndClaimAsync(db, "https://example.org/small.rss");
        var large = await Ingest.AddAndClaimAsync(db, "https://example.org/large.rss");
        var smallPoll = Poll(Rss(Enumerable.Range(0, 5).Select(i => ($"s-{i}", 2_000_000L + i, 20_000_000L + i))));
        var largePoll = Poll(Rss(Enumerable.Range(0, 500).Select(i => ($"l-{i}", 3_000_000L + i, 30_000_000L + i))));

        var smallTrips = await NpgsqlCommands.CountAsync(() => store.RecordSuccessAsync(small, smallPoll, CancellationToken.None));
        var largeTrips = await NpgsqlCommands.CountAsync(() => store.RecordSuccessAsync(large, largePoll, CancellationToken.None));

        Assert.Equal(500, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE guid LIKE 'l-%'"));
        Assert.Equal(500, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE guid LIKE 'l-%' AND tagger_version IS NOT NULL"));
        // Commands sent: claim check, stored keys, stored studies, identifier locks with stored studies again, new studies, the write, the source's state.
        Assert.InRange(largeTrips, 1, MaxCommandsPerFetch);
        Assert.Equal(smallTrips, largeTrips);
    }

    [PostgresFact]
    public async Task Items_that_only_join_stored_studies_take_no_identifier_lock_and_items_that_add_an_identifier_do()
    {
        await using var db = await Database.CreateAsync();
        var store = db.Get<FetchStateStore>();
        var first = await Ingest.AddAndClaimAsync(db, "https://example.org/first.rss");
        var known = await Ingest.AddAndClaimAsync(db, "https://example.org/known.rss");
        var adding = await Ingest.AddAndClaimAsync(db, "https://example.org/adding.rss");
        await store.RecordSuccessAsync(first, Poll(Rss(Enumerable.Range(0, 5).Select(i => ($"f-{i}", 4_000_000L + i, 40_000_000L + i)))), CancellationToken.None);

        // Another session holds the lock on one of those identifiers, as a concurrent ingest adding to its study would.
        await using var holder = await db.DataSource.OpenConnectionAsync();
        await using var held = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT pg_advisory_xact_lock(hashtextextended('pmid:4000000', 7))", transaction: held);

        // The same studies from another feed: nothing to add, so nothing to wait for.
        var joining = store.RecordSuccessAsync(known, Poll(Rss(Enumerable.Range(0, 5).Select(i => ($"k-{i}", 4_000_000L + i, 40_000_000L + i)))), CancellationToken.None);
        Assert.Same(joining, await Task.WhenAny(joining, Task.Delay(TimeSpan.FromSeconds(20))));
        Assert.Equal(new IngestCounts(5, 0), await joining);

        // A known PMID with a new NCT id: the identifier is added under the lock, so this one waits.
        var extending = store.RecordSuccessAsync(adding, Poll(Rss([("a-0", 4_000_000L, 49_999_999L)])), CancellationToken.None);
        Assert.NotSame(extending, await Task.WhenAny(extending, Task.Delay(TimeSpan.FromSeconds(1))));
        await held.RollbackAsync();
        Assert.Equal(new IngestCounts(1, 0), await extending);

        Assert.Equal(5, await db.ScalarAsync<long>("SELECT count(DISTINCT study_id) FROM items"));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE study_id IS NULL"));
        Assert.Equal(
            await db.ScalarAsync<long>("SELECT study_id FROM study_identifiers WHERE kind = 'pmid' AND value = '4000000'"),
            await db.ScalarAsync<long>("SELECT study_id FROM study_identifiers WHERE kind = 'nct' AND value = 'NCT49999999'"));
    }

    [PostgresFact]
    public async Task A_fetch_is_written_without_cancelling_any_of_its_statements()
    {
        // The write is one batch of statements. A result of it left unread makes the client cancel
        // the batch on dispose: a cancel request travels on a connection of its own and, arriving
        // late, can abort whatever the session runs next (the fetch state, the commit). Through a
        // relay that counts connections, a store on a warm pool must open none.
        CountingTcpProxy? proxy = null;
        await using var db = await Database.CreateAsync(relay: (host, port) => (proxy = new CountingTcpProxy(host, port)).Port);
        await using var _ = proxy!;
        var warm = await Ingest.AddAndClaimAsync(db, "https://example.org/warm.rss");
        await db.Get<FetchStateStore>().RecordSuccessAsync(warm, Poll(Rss([("w-1", 5_000_000, 50_000_000)])), CancellationToken.None);
        var claimed = await Ingest.AddAndClaimAsync(db, "https://example.org/cold.rss");
        var before = proxy!.Connections;

        var counts = await db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Poll(Rss(Enumerable.Range(1, 20).Select(i => ($"t-{i}", 5_000_000L + i, 50_000_000L + i)))), CancellationToken.None);

        Assert.Equal(new IngestCounts(20, 0), counts);
        Assert.Equal(before, proxy.Connections);
        Assert.Equal(42, await db.ScalarAsync<long>("SELECT count(*) FROM study_identifiers WHERE kind IN ('pmid', 'nct')"));
    }

    [PostgresFact]
    public async Task A_result_after_the_claim_was_taken_over_is_not_recorded_over_the_new_claims()
    {
        await using var db = await Database.CreateAsync();
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = "https://example.org/slow.rss", Name = "slow" }, CancellationToken.None);
        var store = db.Get<FetchStateStore>();
        var start = DateTimeOffset.UtcNow;
        // The first poll's lease lapses while it is still fetching; a second poll claims the source and finishes first.
        var late = Assert.Single(await store.ClaimAsync(start, TimeSpan.FromSeconds(1), 1, dueOnly: false, id, [], CancellationToken.None));
        var current = Assert.Single(await store.ClaimAsync(start.AddSeconds(2), TimeSpan.FromMinutes(5), 1, dueOnly: false, id, [], CancellationToken.None));
        Assert.NotEqual(late.ClaimToken, current.ClaimToken);
        var newer = Poll(Rss([("new-1", 4_000_001, 40_000_001)])) with { Etag = "\"new\"", NextPollAt = start.AddHours(2) };
        await store.RecordSuccessAsync(current, newer, CancellationToken.None);

        var stale = Poll(Rss([("old-1", 4_000_002, 40_000_002)])) with { Etag = "\"old\"", NextPollAt = start.AddMinutes(1) };
        await Assert.ThrowsAsync<ClaimLostException>(() => store.RecordSuccessAsync(late, stale, CancellationToken.None));
        Assert.False(await store.RecordFailureAsync(late, "Network", "timed out", null, start, start.AddMinutes(1), disableReason: "gone", CancellationToken.None));
        Assert.False(await store.ExtendClaimAsync(late, start.AddMinutes(10), CancellationToken.None));

        Assert.Equal("\"new\"", await db.ScalarAsync<string>("SELECT etag FROM source_fetch_state WHERE source_id = @id", new { id }));
        Assert.Equal(0, await db.ScalarAsync<int>("SELECT consecutive_errors FROM source_fetch_state WHERE source_id = @id", new { id }));
        Assert.True(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @id", new { id }));
        Assert.Equal("new-1", await db.ScalarAsync<string>("SELECT string_agg(guid, ',') FROM items WHERE source_id = @id", new { id }));
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE guid = 'old-1'"));
        Assert.True(await db.ScalarAsync<DateTime>("SELECT next_poll_at FROM source_fetch_state WHERE source_id = @id", new { id }) > start.AddHours(1).UtcDateTime);
    }

    private static async Task<long> DeadlocksAsync(Database db)
    {
        // Statistics reach pg_stat_database within a second or so of the transaction that counted them.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return await db.ScalarAsync<long>("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }
}
