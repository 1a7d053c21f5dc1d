using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;

namespace ImmunoWatch.IntegrationTests.Storage;

/// <summary>Idempotent, tombstone-respecting, cross-source de-duplicating storage (T21, T31).</summary>
public sealed class IngestTests
{
    [PostgresFact]
    public async Task The_same_payload_three_times_and_twice_at_once_stores_each_item_once()
    {
        await using var db = await Database.CreateAsync();
        var source = await Ingest.AddAndClaimAsync(db, "https://example.org/a.rss");
        var feed = Ingest.Parse(Feeds.Rss("t", ("1", "One"), ("2", "Two"), ("3", "Three")));
        var store = db.Get<FetchStateStore>();

        var first = await store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);
        var second = await store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);
        var third = await store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);
        var concurrent = await Task.WhenAll(
            store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None),
            store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None));

        Assert.Equal(new IngestCounts(3, 0), first);
        Assert.Equal(new IngestCounts(0, 0), second);
        Assert.Equal(new IngestCounts(0, 0), third);
        Assert.All(concurrent, c => Assert.Equal(new IngestCounts(0, 0), c));
        Assert.Equal(3, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresFact]
    public async Task Two_workers_racing_on_a_new_payload_create_no_duplicates()
    {
        await using var db = await Database.CreateAsync();
        var source = await Ingest.AddAndClaimAsync(db, "https://example.org/race.rss");
        var feed = Ingest.Parse(Feeds.Rss("t", Enumerable.Range(0, 40).Select(i => ($"g{i}", $"Item {i}")).ToArray()));
        var store = db.Get<FetchStateStore>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None)));

        Assert.Equal(40, results.Sum(r => r.New));
        Assert.Equal(40, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresFact]
    public async Task Reordered_items_keep_their_keys_and_an_edit_updates_in_place()
    {
        await using var db = await Database.CreateAsync();
        var source = await Ingest.AddAndClaimAsync(db, "https://example.org/b.rss");
        var store = db.Get<FetchStateStore>();
        await store.RecordSuccessAsync(source, Ingest.Poll(Ingest.Parse(Feeds.Rss("t", ("1", "One"), ("2", "Two")))), CancellationToken.None);
        var firstSeen = await db.ScalarAsync<DateTime>("SELECT first_seen_at FROM items WHERE guid = '1'");

        var reordered = await store.RecordSuccessAsync(source, Ingest.Poll(Ingest.Parse(Feeds.Rss("t", ("2", "Two"), ("1", "One")))), CancellationToken.None);
        var edited = await store.RecordSuccessAsync(source, Ingest.Poll(Ingest.Parse(Feeds.Rss("t", ("2", "Two"), ("1", "One, corrected")))), CancellationToken.None);

        Assert.Equal(new IngestCounts(0, 0), reordered);
        Assert.Equal(new IngestCounts(0, 1), edited);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        Assert.Equal("One, corrected", await db.ScalarAsync<string>("SELECT title FROM items WHERE guid = '1'"));
        Assert.Equal(firstSeen, await db.ScalarAsync<DateTime>("SELECT first_seen_at FROM items WHERE guid = '1'"));
    }

    [PostgresFact]
    public async Task Keys_follow_guid_then_guid_and_link_then_link_then_hash()
    {
        await using var db = await Database.CreateAsync();
        var source = await Ingest.AddAndClaimAsync(db, "https://example.org/keys.rss");
        var xml = """
            <rss version="2.0"><channel><title>k</title>
            <item><guid>same</guid><title>A</title><link>https://example.org/a</link></item>
            <item><guid>same</guid><title>B</title><link>https://example.org/b</link></item>
            <item><guid>  unique  </guid><title>C</title></item>
            <item><title>D</title><link>https://example.org/d</link></item>
            <item><title>E</title><description>no guid, no link</description></item>
            </channel></rss>
            """;
        var feed = Ingest.Parse(xml);
        await db.Get<FetchStateStore>().RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);
        var keys = feed.Items.Select(i => i.Key).ToList();

        Assert.Equal("guid+link:same|https://example.org/a", keys[0]);
        Assert.Equal("guid+link:same|https://example.org/b", keys[1]);
        Assert.Equal("guid:unique", keys[2]);
        Assert.Equal("link:https://example.org/d", keys[3]);
        Assert.StartsWith("hash:", keys[4], StringComparison.Ordinal);
        Assert.Equal(5, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresFact]
    public async Task A_purged_item_is_not_resurrected()
    {
        await using var db = await Database.CreateAsync();
        var source = await Ingest.AddAndClaimAsync(db, "https://example.org/c.rss");
        var feed = Ingest.Parse(Feeds.Rss("t", ("1", "One"), ("2", "Two")));
        var store = db.Get<FetchStateStore>();
        await store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);
        var id = await db.ScalarAsync<long>("SELECT id FROM items WHERE guid = '1'");

        Assert.True(await db.Get<ItemStore>().PurgeAsync(id, CancellationToken.None));
        var again = await store.RecordSuccessAsync(source, Ingest.Poll(feed), CancellationToken.None);

        Assert.Equal(new IngestCounts(0, 0), again);
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE guid = '1'"));
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresFact]
    public async Task Items_sharing_a_pmid_doi_or_nct_id_across_sources_are_one_study()
    {
        await using var db = await Database.CreateAsync();
        var journal = await Ingest.AddAndClaimAsync(db, "https://journal.example/rss");
        var pubmed = await Ingest.AddAndClaimAsync(db, "https://pubmed.example/rss");
        var registry = await Ingest.AddAndClaimAsync(db, "https://registry.example/rss");
        var journalFeed = Ingest.Parse("""
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
            <channel rdf:about="https://journal.example/"><title>J</title></channel>
            <item rdf:about="https://journal.example/doi/10.1200/JCO.25.01234"><title>Pembrolizumab in NSCLC (NCT01234567)</title>
              <link>https://journal.example/doi/10.1200/JCO.25.01234?utm_source=rss</link><prism:doi>10.1200/JCO.25.01234</prism:doi></item>
            </rdf:RDF>
            """);
        var pubmedFeed = Ingest.Parse("""
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>P</title>
            <item><title>Pembrolizumab in NSCLC.</title><link>https://pubmed.ncbi.nlm.nih.gov/41000001/</link>
              <guid isPermaLink="false">pubmed:41000001</guid>
              <dc:identifier>pmid:41000001</dc:identifier><dc:identifier>doi:10.1200/jco.25.01234</dc:identifier></item>
            </channel></rss>
            """);
        var registryFeed = Ingest.Parse("""
            <rss version="2.0"><channel><title>R</title>
            <item><title>A Study of Pembrolizumab</title><link>https://clinicaltrials.gov/study/NCT01234567</link><guid>NCT01234567</guid></item>
            <item><title>Another study</title><link>https://clinicaltrials.gov/study/NCT07654321</link><guid>NCT07654321</guid></item>
            </channel></rss>
            """);
        var store = db.Get<FetchStateStore>();

        await store.RecordSuccessAsync(registry, Ingest.Poll(registryFeed), CancellationToken.None);
        await store.RecordSuccessAsync(pubmed, Ingest.Poll(pubmedFeed), CancellationToken.None);
        await store.RecordSuccessAsync(journal, Ingest.Poll(journalFeed), CancellationToken.None);

        Assert.Equal("10.1200/jco.25.01234", journalFeed.Items[0].Ids.Doi);
        Assert.Equal("41000001", pubmedFeed.Items[0].Ids.Pmid);
        Assert.Equal(4, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
        // The journal item names the DOI (shared with PubMed) and the NCT id (shared with the
        // registry): all three rows are one study; the unrelated trial is another.
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(DISTINCT study_id) FROM items"));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM studies"));
        Assert.Equal(3, await db.ScalarAsync<long>(
            "SELECT count(*) FROM items WHERE study_id = (SELECT study_id FROM items WHERE pmid = '41000001')"));
    }
}
