using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Tagging;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Tagging;

/// <summary>Tags stored with each item, re-tagged in the background, and the relevance rule for immunotherapy-only sources.</summary>
public sealed class StoredTagsTests
{
    private const string Journal = """
        <rss version="2.0"><channel><title>General oncology journal</title>
        <item><guid>a</guid><title>Pembrolizumab in advanced NSCLC</title><link>https://journal.example/a</link><description>A phase 3 trial (NCT01234567) of PD-1 blockade. Recruiting - verified May 2026</description></item>
        <item><guid>b</guid><title>Carboplatin dosing in ovarian cancer</title><link>https://journal.example/b</link><description>Chemotherapy only.</description></item>
        </channel></rss>
        """;

    [PostgresFact]
    public async Task Polled_items_carry_their_tags_and_immunotherapy_only_sources_keep_unrelated_items_out()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Journal));
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var store = db.Get<SourceStore>();
        var general = await store.AddAsync(new Source { Url = server.Url("/general").ToString(), Name = "general", RelevanceMode = RelevanceModes.ImmunotherapyOnly }, CancellationToken.None);
        var specific = await store.AddAsync(new Source { Url = server.Url("/specific").ToString(), Name = "specific", RelevanceMode = RelevanceModes.All }, CancellationToken.None);

        await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);

        var itemId = await db.ScalarAsync<long>("SELECT id FROM items WHERE guid = 'a' AND source_id = @general", new { general });
        var tags = await db.Get<ItemTagStore>().GetAsync(itemId, CancellationToken.None);
        Assert.NotNull(tags);
        Assert.Equal(TaggerVersion.Current, tags.TaggerVersion);
        Assert.True(tags.Immunotherapy);
        Assert.Equal(["LUNG"], tags.Sites);
        Assert.Equal("NSCLC", Assert.Single(tags.CancerTypes).Code);
        Assert.Equal(["checkpoint-inhibitor"], tags.Modalities);
        Assert.Equal(["NCT01234567"], tags.NctIds);
        Assert.Equal(["PHASE3"], tags.Phases);
        Assert.Equal(TrialStatus.Recruiting, tags.Status);

        // The chemotherapy item of the immunotherapy-only source stays out; the same item from the "all" source counts.
        Assert.Equal(1, await db.ScalarAsync<long>("SELECT count(*) FROM relevant_items WHERE source_id = @general", new { general }));
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM relevant_items WHERE source_id = @specific", new { specific }));
    }

    private static ItemTags Retag(StoredItemText item) => RetagItemsJob.TagStored(ItemTagger.Shipped, item);

    [PostgresCorpusFact]
    public async Task A_trial_read_from_the_registry_is_retagged_from_its_conditions_and_keeps_the_registrys_phases_and_status()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold([FakeRegistry.Recorded("page_keytruda_3studies_fields_nextPageToken.json")[0]]);
        var settings = TestServices.Loopback(registry.Server);
        settings["ApiPaging:PageDelay"] = "00:00:00";
        await using var db = await Database.CreateAsync(settings);
        await db.Get<SourceStore>().AddAsync(new Source { Url = registry.QueryUrl().ToString(), Name = "registry", Kind = SourceKinds.Trials }, CancellationToken.None);
        await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);
        const string Tags = "SELECT sites::text || ' ' || phases::text || ' ' || trial_status || ' ' || modalities::text FROM items";
        var atIngest = await db.ScalarAsync<string>(Tags);
        Assert.Equal("{LUNG,PANCREAS} {PHASE1,PHASE2} RECRUITING {checkpoint-inhibitor}", atIngest);

        await db.ExecuteAsync("UPDATE items SET tagger_version = 0, sites = '{}', phases = '{}', trial_status = NULL, modalities = '{}'");
        Assert.Equal(1, await db.Get<ItemTagStore>().RetagOutdatedAsync(Retag, 10, CancellationToken.None));

        Assert.Equal(atIngest, await db.ScalarAsync<string>(Tags));
    }

    [PostgresFact]
    public async Task Items_tagged_by_an_older_version_are_retagged_without_refetching()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Journal));
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url().ToString(), Name = "journal" }, CancellationToken.None);
        await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);
        var requests = server.Requests.Count;
        await db.ExecuteAsync("UPDATE items SET tagger_version = 0, sites = '{}', modalities = '{}'");
        await db.ExecuteAsync("UPDATE items SET tagger_version = NULL WHERE guid = 'b'");

        var retagged = await db.Get<ItemTagStore>().RetagOutdatedAsync(Retag, 1, CancellationToken.None)
            + await db.Get<ItemTagStore>().RetagOutdatedAsync(Retag, 10, CancellationToken.None);
        var again = await db.Get<ItemTagStore>().RetagOutdatedAsync(Retag, 10, CancellationToken.None);

        Assert.Equal(2, retagged);
        Assert.Equal(0, again);
        Assert.Equal(requests, server.Requests.Count);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE tagger_version = @v", new { v = TaggerVersion.Current }));
        Assert.Equal("{LUNG}", await db.ScalarAsync<string>("SELECT sites::text FROM items WHERE guid = 'a'"));
        Assert.Equal("{OVARY}", await db.ScalarAsync<string>("SELECT sites::text FROM items WHERE guid = 'b'"));
    }
}
