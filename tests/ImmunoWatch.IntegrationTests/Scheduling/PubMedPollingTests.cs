using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>A PubMed search through E-utilities, end to end: a loopback esearch and efetch, the real fetcher, parser, processor and store, PostgreSQL, a digest.</summary>
public sealed class PubMedPollingTests
{
    private static Dictionary<string, string?> Settings(FakeEutils eutils, params LoopbackServer[] others)
    {
        var settings = TestServices.Loopback([eutils.Server, .. others]);
        settings["PubMed:BatchSize"] = "2";
        settings["PubMed:FirstPassMax"] = "3";
        settings["PubMed:Email"] = "admin@immunowatch.example";
        return settings;
    }

    private static string Trim(PollSummary summary) => summary.ToString()[..summary.ToString().IndexOf(" seconds=", StringComparison.Ordinal)];

    private static async Task<PollSummary> PollAsync(Database db)
    {
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now()");
        return await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);
    }

    [PostgresCorpusFact]
    public async Task A_search_is_polled_newest_first_at_ncbis_rate_then_only_for_what_was_added_since()
    {
        await using var eutils = await FakeEutils.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        eutils.Add("40000001", "Older melanoma cohort", "10.1000/old.1", today.AddDays(-40), ["Journal Article"], ["Melanoma"]);
        eutils.Add("40000002", "Pembrolizumab in melanoma: a randomized phase 3 trial", "10.1000/rct.2", today.AddDays(-3), ["Journal Article", "Randomized Controlled Trial", "Clinical Trial, Phase III"], ["Melanoma", "Skin Neoplasms"]);
        eutils.Add("40000003", "Nivolumab after chemoradiotherapy", "10.1000/nsclc.3", today.AddDays(-2), ["Journal Article"], ["Carcinoma, Non-Small-Cell Lung"]);
        eutils.Add("40000004", "A review of checkpoint inhibitors", "10.1000/review.4", today.AddDays(-1), ["Journal Article", "Review"], ["Neoplasms"]);
        await using var db = await Database.CreateAsync(Settings(eutils));
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = eutils.SearchUrl("cancer immunotherapy").ToString(), Name = "PubMed", Kind = SourceKinds.Journal }, CancellationToken.None);

        // First pass: only the newest three (FirstPassMax), searched in pages of two, fetched in batches of two.
        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=3 items_updated=0", Trim(await PollAsync(db)));
        Assert.Equal(["40000002", "40000003", "40000004"], (await QueryAsync<string>(db, "SELECT pmid FROM items ORDER BY pmid")).ToList());
        var requests = eutils.Log.ToList();
        Assert.Equal(4, requests.Count);
        Assert.All(requests.Take(2), r => Assert.Contains("esearch.fcgi?db=pubmed&term=cancer%20immunotherapy", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains("retstart=0&retmax=2", requests[0].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("retstart=2&retmax=1", requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.All(requests.Skip(2), r => Assert.Contains("efetch.fcgi?db=pubmed&retmode=xml&id=", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("tool=immunowatch&email=admin@immunowatch.example", Uri.UnescapeDataString(r.PathAndQuery), StringComparison.Ordinal));
        Assert.All(requests, r => Assert.DoesNotContain("api_key", r.PathAndQuery, StringComparison.Ordinal));
        // Three requests a second at most without an API key.
        Assert.All(requests.Zip(requests.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromMilliseconds(300), $"{(p.Second.At - p.First.At).TotalMilliseconds:0} ms between requests"));

        // What E-utilities say beyond the text is stored and used.
        Assert.Equal("{\"Journal Article\",\"Randomized Controlled Trial\",\"Clinical Trial, Phase III\"}", await db.ScalarAsync<string>("SELECT publication_types::text FROM articles WHERE pmid = '40000002'"));
        Assert.Equal("Gut", await db.ScalarAsync<string>("SELECT journal FROM articles WHERE pmid = '40000002'"));
        // LUNG from the MeSH heading alone (the title names no cancer; the recorded abstract is about pancreatic cancer).
        Assert.Equal("{LUNG,PANCREAS}", await db.ScalarAsync<string>("SELECT sites::text FROM items WHERE pmid = '40000003'"));
        Assert.Equal("10.1000/rct.2", await db.ScalarAsync<string>("SELECT doi FROM items WHERE pmid = '40000002'"));
        Assert.Equal(today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await db.ScalarAsync<string>("SELECT sync_cursor FROM source_fetch_state WHERE source_id = @id", new { id }));

        // Next pass: only what was added since the last pass began (a day of overlap): one new article, the rest unchanged.
        eutils.Add("40000005", "CAR-T cells in lymphoma", "10.1000/cart.5", today, ["Journal Article", "Clinical Trial, Phase II"], ["Lymphoma, Large B-Cell, Diffuse"]);
        var before = eutils.Log.Count;
        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=1 items_updated=0", Trim(await PollAsync(db)));
        var search = Uri.UnescapeDataString(eutils.Log.Skip(before).First().PathAndQuery);
        Assert.Contains($"datetype=edat&mindate={today.AddDays(-1):yyyy'/'MM'/'dd}&maxdate=3000", search, StringComparison.Ordinal);
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM items"));
    }

    [PostgresCorpusFact]
    public async Task The_same_article_from_a_journal_feed_a_pubmed_feed_and_eutils_is_one_study_ranked_by_its_publication_type()
    {
        await using var eutils = await FakeEutils.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        eutils.Add("40000002", "Pembrolizumab in melanoma: a randomized phase 3 trial", "10.1000/rct.2", today, ["Journal Article", "Randomized Controlled Trial"], ["Melanoma"]);
        eutils.Add("40000007", "Ipilimumab in melanoma: a case series", "10.1000/case.7", today, ["Journal Article", "Case Reports"], ["Melanoma"]);
        var recent = DateTimeOffset.UtcNow.AddHours(-2).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        await using var feeds = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(context.Request.Path == "/journal"
            ? $"""<rss version="2.0"><channel><title>Journal</title><item><guid>j1</guid><title>Pembrolizumab in melanoma: a randomized phase 3 trial</title><link>https://doi.org/10.1000/rct.2</link><pubDate>{recent}</pubDate><description>Checkpoint immunotherapy for melanoma.</description></item></channel></rss>"""
            : $"""<rss version="2.0"><channel><title>PubMed RSS</title><item><guid>pubmed:40000002</guid><title>Pembrolizumab in melanoma: a randomized phase 3 trial</title><link>https://pubmed.ncbi.nlm.nih.gov/40000002/</link><pubDate>{recent}</pubDate><description>Checkpoint immunotherapy for melanoma.</description></item></channel></rss>"""));
        await using var db = await Database.CreateAsync(Settings(eutils, feeds));
        await db.Get<DatabaseSetup>().RunAsync(CancellationToken.None);
        var store = db.Get<SourceStore>();
        await store.AddAsync(new Source { Url = eutils.SearchUrl("melanoma immunotherapy").ToString(), Name = "PubMed search", Kind = SourceKinds.Journal }, CancellationToken.None);
        await store.AddAsync(new Source { Url = feeds.Url("/journal").ToString(), Name = "Journal", Kind = SourceKinds.Journal }, CancellationToken.None);
        await store.AddAsync(new Source { Url = feeds.Url("/pubmed").ToString(), Name = "PubMed RSS", Kind = SourceKinds.Journal }, CancellationToken.None);

        Assert.Equal("polled=3 ok=3 not_modified=0 failed=0 items_new=4 items_updated=0", Trim(await PollAsync(db)));

        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(DISTINCT study_id) FROM items WHERE title LIKE 'Pembrolizumab in melanoma%'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE title LIKE 'Pembrolizumab in melanoma%'"));
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var digest = await db.Get<DigestComposer>().ComposeAsync(new Subscriber { Id = 1, Email = "onc@clinic.example", Followed = ["MEL"] }, new DigestPeriod("test", now.AddDays(-7), now), CancellationToken.None);
        var melanoma = Assert.Single(digest.Sections);
        // One entry for the trial, with its three sources; the randomised trial ranks above the case series.
        Assert.Equal(["Pembrolizumab in melanoma: a randomized phase 3 trial", "Ipilimumab in melanoma: a case series"], melanoma.Entries.Select(e => e.Title));
        Assert.Equal(["Journal", "PubMed RSS", "PubMed search"], melanoma.Entries[0].Sources);
    }

    [PostgresCorpusFact]
    public async Task An_api_key_raises_the_rate_to_ten_a_second_and_an_esearch_error_is_recorded_on_the_source()
    {
        await using var eutils = await FakeEutils.StartAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        for (var i = 1; i <= 4; i++)
        {
            eutils.Add($"4100000{i}", $"Article {i} on melanoma immunotherapy", $"10.1000/a.{i}", today, ["Journal Article"]);
        }

        var settings = Settings(eutils);
        settings["PubMed:ApiKey"] = "0123456789abcdef";
        await using var db = await Database.CreateAsync(settings);
        await db.Get<SourceStore>().AddAsync(new Source { Url = eutils.SearchUrl("melanoma").ToString(), Name = "PubMed", Kind = SourceKinds.Journal }, CancellationToken.None);
        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=3 items_updated=0", Trim(await PollAsync(db)));
        Assert.All(eutils.Log, r => Assert.Contains("api_key=0123456789abcdef", r.PathAndQuery, StringComparison.Ordinal));
        Assert.All(eutils.Log.Zip(eutils.Log.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromMilliseconds(90), $"{(p.Second.At - p.First.At).TotalMilliseconds:0} ms"));
        Assert.DoesNotContain("0123456789abcdef", await db.ScalarAsync<string>("SELECT string_agg(url, ' ') FROM sources"), StringComparison.Ordinal);

        await using var broken = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(
            "<?xml version=\"1.0\"?><eSearchResult><ERROR>Invalid API key</ERROR></eSearchResult>"));
        await using var db2 = await Database.CreateAsync(TestServices.Loopback(broken));
        var id2 = await db2.Get<SourceStore>().AddAsync(new Source { Url = new Uri($"{broken.Url("/entrez/eutils/esearch.fcgi")}?db=pubmed&term=x").ToString(), Name = "broken" }, CancellationToken.None);
        Assert.Equal(1, (await PollAsync(db2)).Failed);
        var source = (await db2.Get<SourceStore>().GetAsync(id2, CancellationToken.None))!;
        Assert.Equal("Parse.Malformed", source.LastErrorKind);
        Assert.Contains("esearch page 1: esearch error: Invalid API key", source.LastError, StringComparison.Ordinal);
    }

    private static async Task<IEnumerable<T>> QueryAsync<T>(Database db, string sql, object? parameters = null)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.QueryAsync<T>(connection, sql, parameters);
    }
}
