using System.Text.Json;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// A delivery run reads the period's items once and composes every digest from that material: each
/// digest must be the one the subscriber's own query gives, whatever they follow and wherever their
/// watermark stands.
/// </summary>
public sealed class DigestMaterialTests
{
    private const string Journal = """
        <rss version="2.0"><channel><title>Journal</title>
        <item><guid>mel</guid><title>Adjuvant pembrolizumab in resected stage III melanoma</title><link>https://journal.example/mel</link><pubDate>{RECENT}</pubDate>
          <description>A randomized phase 3 trial of PD-1 blockade after surgery for melanoma improved overall survival.</description></item>
        <item><guid>mel-mice</guid><title>A melanoma vaccine in mice</title><link>https://journal.example/mice</link><pubDate>{RECENT}</pubDate>
          <description>A neoantigen vaccine with checkpoint blockade in a murine melanoma model.</description></item>
        <item><guid>lung</guid><title>Durvalumab after chemoradiotherapy in NSCLC (NCT05000003)</title><link>https://journal.example/lung</link><pubDate>{RECENT}</pubDate>
          <description>Consolidation durvalumab immunotherapy in stage III non-small cell lung cancer (NCT05000003).</description></item>
        <item><guid>kidney</guid><title>Nivolumab plus ipilimumab in renal cell carcinoma</title><link>https://journal.example/kidney</link><pubDate>{OLD}</pubDate>
          <description>Checkpoint inhibitor immunotherapy for advanced kidney cancer, published before the period.</description></item>
        <item><guid>both</guid><title>Checkpoint inhibitors in melanoma and lung cancer</title><link>https://journal.example/both</link><pubDate>{RECENT}</pubDate>
          <description>Immunotherapy outcomes across melanoma and non-small cell lung cancer.</description></item>
        </channel></rss>
        """;

    private const string Registry = """
        <rss version="2.0"><channel><title>Registry</title>
        <item><guid>NCT05000003</guid><title>Durvalumab consolidation in lung cancer (NCT05000003)</title><link>https://clinicaltrials.gov/study/NCT05000003</link><pubDate>{RECENT}</pubDate>
          <description>Phase 3 study of durvalumab immunotherapy for non-small cell lung cancer. Recruiting - verified November 2026</description></item>
        <item><guid>NCT05000004</guid><title>CAR-T cells for relapsed lymphoma (NCT05000004)</title><link>https://clinicaltrials.gov/study/NCT05000004</link><pubDate>{RECENT}</pubDate>
          <description>Phase 2 study. Not yet recruiting</description></item>
        <item><guid>NCT05000005</guid><title>A LAG-3 antibody in advanced solid tumors (NCT05000005)</title><link>https://clinicaltrials.gov/study/NCT05000005</link><pubDate>{RECENT}</pubDate>
          <description>Phase 1 basket study of immunotherapy for adults with advanced solid tumors. Recruiting - verified November 2026</description></item>
        </channel></rss>
        """;

    [PostgresFact]
    public async Task Digests_composed_from_the_runs_material_equal_each_subscribers_own_query()
    {
        await using var db = await Database.CreateAsync();
        await db.Get<DatabaseSetup>().RunAsync(CancellationToken.None);
        await StoreAsync(db, "https://journal.example/rss", Journal);
        await StoreAsync(db, "https://registry.example/rss", Registry);
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var period = new DigestPeriod("test", now.AddDays(-7), now);
        var composer = db.Get<DigestComposer>();
        var material = await composer.LoadAsync(period.Start, period.End, CancellationToken.None);
        Subscriber[] subscribers =
        [
            Reader(1, []),
            Reader(2, ["MEL"]),
            Reader(3, ["MEL"]) with { WantsTrials = false },
            Reader(4, ["NSCLC", "LYMPH"]) with { Audience = Audiences.Advocate },
            Reader(5, ["MEL", "NSCLC"]),
            Reader(6, ["CCRCC"]),
            Reader(7, ["NSCLC"]) with { Watermark = now.AddDays(-3) },
            Reader(8, ["NSCLC"]) with { Watermark = now },
        ];

        var entries = 0;
        foreach (var subscriber in subscribers)
        {
            var fromMaterial = composer.Compose(subscriber, period, material);
            var ownQuery = await composer.ComposeAsync(subscriber, period, CancellationToken.None);
            Assert.Equal(JsonSerializer.Serialize(ownQuery), JsonSerializer.Serialize(fromMaterial));
            entries += fromMaterial.EntryCount;
        }

        // Both paths share the composition; what each digest holds is checked on its own too.
        Assert.True(entries >= 10, $"{entries} entries over {subscribers.Length} digests");
        Assert.DoesNotContain(Titles(composer.Compose(subscribers[0], period, material)), t => t.Contains("renal", StringComparison.Ordinal));
        var melanomaOnly = composer.Compose(subscribers[2], period, material);
        Assert.Null(melanomaOnly.Trials);
        Assert.Equal(["Adjuvant pembrolizumab in resected stage III melanoma", "Checkpoint inhibitors in melanoma and lung cancer", "A melanoma vaccine in mice"], Titles(melanomaOnly));
        var lungAndLymphoma = composer.Compose(subscribers[3], period, material);
        Assert.Contains(lungAndLymphoma.Trials!.Entries, e => e.Sources.Count == 2 && e.Status == "RECRUITING");
        Assert.Contains(lungAndLymphoma.Trials.Entries, e => e.Title.Contains("lymphoma", StringComparison.Ordinal));
        var kidney = composer.Compose(subscribers[5], period, material);
        Assert.Contains("LAG-3", Assert.Single(kidney.Trials!.Entries).Title, StringComparison.Ordinal);
        Assert.Empty(kidney.Sections);
        Assert.Equal(0, composer.Compose(subscribers[^1], period, material).EntryCount);
        Assert.Throws<ArgumentException>(() => composer.Compose(subscribers[0], period with { Start = now.AddDays(-8) }, material));
        // Items first seen before the material's window are not in it: a watermark older than that is composed by its own query.
        Assert.Throws<ArgumentException>(() => composer.Compose(subscribers[1] with { Watermark = now.AddDays(-30) }, period, material));
    }

    private static List<string> Titles(Digest digest) => digest.Sections.SelectMany(s => s.Entries).Select(e => e.Title).ToList();

    private static Subscriber Reader(long id, string[] follows) => new()
    {
        Id = id,
        Email = $"reader{id}@example.org",
        Followed = follows,
    };

    private static async Task StoreAsync(Database db, string url, string xml)
    {
        var claimed = await Ingest.AddAndClaimAsync(db, url);
        var text = xml
            .Replace("{RECENT}", DateTimeOffset.UtcNow.AddHours(-2).ToString("r"), StringComparison.Ordinal)
            .Replace("{OLD}", DateTimeOffset.UtcNow.AddDays(-40).ToString("r"), StringComparison.Ordinal);
        await db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Ingest.Poll(Ingest.Parse(text, url)), CancellationToken.None);
    }
}
