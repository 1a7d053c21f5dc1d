using System.Text.Json.Nodes;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// A ClinicalTrials.gov API v2 query as a source, end to end: a loopback registry serving the recorded
/// studies (and variations of them), the real fetcher, parser, processor and store, PostgreSQL.
/// </summary>
public sealed class TrialsApiPollingTests
{
    private const string Pembrolizumab = "NCT05431270";
    private const string Toca = "NCT02576665";

    private static Dictionary<string, string?> Settings(FakeRegistry registry, params LoopbackServer[] others)
    {
        var settings = TestServices.Loopback([registry.Server, .. others]);
        settings["ApiPaging:PageSize"] = "2";
        settings["ApiPaging:PageDelay"] = "00:00:00";
        return settings;
    }

    /// <summary>Four studies: two without sites (RECRUITING, ACTIVE_NOT_RECRUITING), Toca 511 (3 sites, TERMINATED), an UNKNOWN one with 3 recruiting sites.</summary>
    private static List<JsonObject> FourStudies()
    {
        var page = FakeRegistry.Recorded("page_keytruda_3studies_fields_nextPageToken.json");
        return [page[0], page[2], .. FakeRegistry.Recorded("study_NCT02576665_toca511_fields_locations.json"), .. FakeRegistry.Recorded("study_NCT03475563_unknown_status_site_contacts.json")];
    }

    private static async Task<long> AddAsync(Database db, Uri url) =>
        await db.Get<SourceStore>().AddAsync(new Source { Url = url.ToString(), Name = "registry", Kind = SourceKinds.Trials }, CancellationToken.None);

    private static Task<PollSummary> PollAsync(Database db) => db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);

    private static string Trim(PollSummary summary) => summary.ToString()[..summary.ToString().IndexOf(" seconds=", StringComparison.Ordinal)];

    [PostgresCorpusFact]
    public async Task A_first_full_pass_follows_the_pages_and_stores_every_trial_with_its_sites()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold(FourStudies());
        await using var db = await Database.CreateAsync(Settings(registry));
        var id = await AddAsync(db, registry.QueryUrl("query.cond=cancer&query.term=immunotherapy"));

        var summary = await PollAsync(db);

        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=4 items_updated=0", Trim(summary));
        var requests = registry.Server.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Contains("query.cond=cancer", r, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("pageSize=2", r, StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Contains("fields=NCTId", r, StringComparison.Ordinal));
        Assert.DoesNotContain("pageToken", requests[0], StringComparison.Ordinal);
        Assert.Contains("pageToken=page2", requests[1], StringComparison.Ordinal);
        Assert.DoesNotContain("filter.advanced", requests[0], StringComparison.Ordinal);

        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM trials"));
        Assert.Equal(6L, await db.ScalarAsync<long>("SELECT count(*) FROM trial_sites"));
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM trial_changes WHERE change = 'first_seen'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trial_changes WHERE change <> 'first_seen'"));
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM items WHERE source_id = @id", new { id }));
        Assert.Equal("RECRUITING", await db.ScalarAsync<string>("SELECT overall_status FROM trials WHERE nct_id = @Pembrolizumab", new { Pembrolizumab }));
        Assert.Equal("{PHASE1,PHASE2}", await db.ScalarAsync<string>("SELECT phases::text FROM trials WHERE nct_id = @Pembrolizumab", new { Pembrolizumab }));
        Assert.Equal(18m, await db.ScalarAsync<decimal>("SELECT min_age_years FROM trials WHERE nct_id = @Toca", new { Toca }));
        Assert.Equal(75m, await db.ScalarAsync<decimal>("SELECT max_age_years FROM trials WHERE nct_id = @Toca", new { Toca }));
        Assert.Equal("Denver", await db.ScalarAsync<string>("SELECT city FROM trial_sites WHERE nct_id = @Toca AND latitude BETWEEN 39 AND 40", new { Toca }));
        // The trial is tagged from its registry conditions (lung and pancreas), and its item carries its NCT id as a study identifier.
        Assert.Equal("LUNG,PANCREAS", await db.ScalarAsync<string>(
            "SELECT string_agg(site, ',' ORDER BY site) FROM items i, unnest(i.sites) site WHERE i.guid = @Pembrolizumab", new { Pembrolizumab }));
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM study_identifiers WHERE kind = 'nct' AND value = @Pembrolizumab", new { Pembrolizumab }));
        var source = (await db.Get<SourceStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(0, source.ConsecutiveErrors);
        Assert.NotNull(source.LastSuccessAt);
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), await db.ScalarAsync<string>("SELECT sync_cursor FROM source_fetch_state WHERE source_id = @id", new { id }));
    }

    [PostgresCorpusFact]
    public async Task An_incremental_pass_asks_for_recent_updates_and_records_a_status_change_and_a_new_site()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold(FourStudies());
        await using var db = await Database.CreateAsync(Settings(registry));
        var id = await AddAsync(db, registry.QueryUrl());
        await PollAsync(db);
        var firstUpdated = (await QueryAsync<(string NctId, DateTime UpdatedAt)>(db, "SELECT nct_id, updated_at FROM trials")).ToDictionary(t => t.NctId, t => t.UpdatedAt);

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        registry.Edit(Pembrolizumab, s =>
        {
            FakeRegistry.Module(s, "statusModule")["overallStatus"] = "SUSPENDED";
            FakeRegistry.Module(s, "statusModule")["whyStopped"] = "Sponsor decision";
        }, today);
        registry.Edit(Toca, s => FakeRegistry.Module(s, "contactsLocationsModule")["locations"]!.AsArray().Add(
            new JsonObject { ["facility"] = "Ohio State University", ["city"] = "Columbus", ["state"] = "Ohio", ["country"] = "United States", ["status"] = "RECRUITING", ["geoPoint"] = new JsonObject { ["lat"] = 39.96, ["lon"] = -83.0 } }), today);
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now() WHERE source_id = @id", new { id });
        var before = registry.Server.Requests.Count;

        var summary = await PollAsync(db);

        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=0 items_updated=2", Trim(summary));
        var request = Assert.Single(registry.Server.Requests.Skip(before)).PathAndQuery;
        var since = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"filter.advanced=AREA[LastUpdatePostDate]RANGE[{since},MAX]", Uri.UnescapeDataString(request), StringComparison.Ordinal);

        var changes = (await QueryAsync<(string NctId, string Change, string? From, string? To, DateTime? ChangedOn)>(db,
            "SELECT nct_id, change, from_status, to_status, changed_on::timestamp FROM trial_changes WHERE change <> 'first_seen' ORDER BY nct_id")).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal((Toca, "site_added", (string?)null, (string?)"RECRUITING"), (changes[0].NctId, changes[0].Change, changes[0].From, changes[0].To));
        Assert.Equal((Pembrolizumab, "status", (string?)"RECRUITING", (string?)"SUSPENDED"), (changes[1].NctId, changes[1].Change, changes[1].From, changes[1].To));
        Assert.Equal(DateTime.UtcNow.Date, changes[1].ChangedOn);
        Assert.Equal("Sponsor decision", await db.ScalarAsync<string>("SELECT why_stopped FROM trials WHERE nct_id = @Pembrolizumab", new { Pembrolizumab }));
        // The two studies the registry did not return were not touched.
        var updated = (await QueryAsync<(string NctId, DateTime UpdatedAt)>(db, "SELECT nct_id, updated_at FROM trials")).ToDictionary(t => t.NctId, t => t.UpdatedAt);
        Assert.Equal([Toca, Pembrolizumab], updated.Where(u => u.Value != firstUpdated[u.Key]).Select(u => u.Key).Order(StringComparer.Ordinal));

        // Polled again with nothing new: the recent ones come back unchanged and nothing is written.
        var changeCount = await db.ScalarAsync<long>("SELECT count(*) FROM trial_changes");
        var lastUpdated = await db.ScalarAsync<DateTime>("SELECT max(updated_at) FROM trials");
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now() WHERE source_id = @id", new { id });
        Assert.Equal("polled=1 ok=1 not_modified=0 failed=0 items_new=0 items_updated=0", Trim(await PollAsync(db)));
        Assert.Equal(changeCount, await db.ScalarAsync<long>("SELECT count(*) FROM trial_changes"));
        Assert.Equal(lastUpdated, await db.ScalarAsync<DateTime>("SELECT max(updated_at) FROM trials"));
    }

    [PostgresCorpusFact]
    public async Task A_site_the_registry_stops_listing_is_marked_removed_and_comes_back_as_added()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold(FourStudies());
        await using var db = await Database.CreateAsync(Settings(registry));
        var id = await AddAsync(db, registry.QueryUrl());
        await PollAsync(db);
        var denver = (JsonObject)FakeRegistry.Module(FourStudies()[2], "contactsLocationsModule")["locations"]![0]!.DeepClone();

        registry.Edit(Toca, s => FakeRegistry.Module(s, "contactsLocationsModule")["locations"]!.AsArray().RemoveAt(0), "2026-12-01");
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now(), sync_cursor = NULL WHERE source_id = @id", new { id });
        await PollAsync(db);
        Assert.Equal(1L, await db.ScalarAsync<long>("SELECT count(*) FROM trial_sites WHERE nct_id = @Toca AND removed_at IS NOT NULL AND city = 'Denver'", new { Toca }));

        registry.Edit(Toca, s => FakeRegistry.Module(s, "contactsLocationsModule")["locations"]!.AsArray().Insert(0, denver), "2026-12-02");
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now(), sync_cursor = NULL WHERE source_id = @id", new { id });
        await PollAsync(db);

        Assert.Equal("site_removed,site_added", await db.ScalarAsync<string>("SELECT string_agg(change, ',' ORDER BY id) FROM trial_changes WHERE nct_id = @Toca AND change <> 'first_seen'", new { Toca }));
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM trial_sites WHERE removed_at IS NOT NULL"));
    }

    [PostgresCorpusFact]
    public async Task The_same_study_from_a_registry_feed_and_from_the_api_is_one_study()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold(FourStudies());
        await using var feed = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("ClinicalTrials.gov new studies",
            ("https://clinicaltrials.gov/study/" + Pembrolizumab, "Dose Escalation/Expansion Study of Mavrostobart (PT199)"))));
        await using var db = await Database.CreateAsync(Settings(registry, feed));
        await AddAsync(db, registry.QueryUrl());
        await db.Get<SourceStore>().AddAsync(new Source { Url = feed.Url("/rss").ToString(), Name = "rss", Kind = SourceKinds.Trials }, CancellationToken.None);

        Assert.Equal("polled=2 ok=2 not_modified=0 failed=0 items_new=5 items_updated=0", Trim(await PollAsync(db)));

        Assert.Equal(1L, await db.ScalarAsync<long>(
            "SELECT count(DISTINCT i.study_id) FROM items i WHERE i.guid = @Pembrolizumab OR i.link LIKE '%' || @Pembrolizumab", new { Pembrolizumab }));
        Assert.Equal(2L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM items i WHERE i.guid = @Pembrolizumab OR i.link LIKE '%' || @Pembrolizumab", new { Pembrolizumab }));
    }

    public enum BadPage
    {
        NotJson,
        NotAnApiResponse,
        NoProtocolSection,
        UnknownStatus,
        SameTokenTwice,
        OverTheSizeCap,
        ServerError,
        RateLimited,
    }

    [PostgresTheory]
    [InlineData(BadPage.NotJson, "Parse.NotJson", "page 2: not JSON")]
    [InlineData(BadPage.NotAnApiResponse, "Parse.NotAFeed", "page 2: not a ClinicalTrials.gov API response")]
    [InlineData(BadPage.NoProtocolSection, "Parse.Malformed", "page 2: study 1 of the response has no \"protocolSection\"")]
    [InlineData(BadPage.UnknownStatus, "Parse.UnknownValue", "page 2: study NCT03475563: statusModule.overallStatus has the value 'ON_HOLD'")]
    [InlineData(BadPage.SameTokenTwice, "Parse.PagingLoop", "page 2: the API handed back a page token it gave before")]
    [InlineData(BadPage.OverTheSizeCap, "ResponseTooLarge", "page 2")]
    [InlineData(BadPage.ServerError, "HttpStatus", "page 2")]
    [InlineData(BadPage.RateLimited, "RateLimited", "page 2: 127.0.0.1: HTTP 429, retry after 600 s")]
    public async Task A_bad_page_is_an_error_on_its_source_keeps_what_was_stored_and_leaves_other_sources_alone(BadPage bad, string kind, string message)
    {
        if (SharedCorpus.Path is null && !PostgresServer.IsCi)
        {
            return; // the recorded studies are not beside this checkout
        }

        await using var registry = await FakeRegistry.StartAsync();
        var studies = FourStudies();
        registry.Hold(studies);
        registry.Override = async (page, context) =>
        {
            if (page == 2 && bad == BadPage.SameTokenTwice)
            {
                // Page 2 hands back page 2's own token (the first page's nextPageToken).
                await context.Response.WriteAsync(new JsonObject { ["studies"] = new JsonArray(), ["nextPageToken"] = "page2" }.ToJsonString());
                return true;
            }

            if (page != 2 || bad == BadPage.SameTokenTwice)
            {
                return false;
            }

            var study = studies[3].DeepClone().AsObject();
            switch (bad)
            {
                case BadPage.NotJson:
                    await context.Response.WriteAsync("<html><body>Service temporarily unavailable</body></html>");
                    break;
                case BadPage.NotAnApiResponse:
                    await context.Response.WriteAsync("{\"message\":\"not found\"}");
                    break;
                case BadPage.NoProtocolSection:
                    await context.Response.WriteAsync("{\"studies\":[{\"hasResults\":false}]}");
                    break;
                case BadPage.UnknownStatus:
                    FakeRegistry.Module(study, "statusModule")["overallStatus"] = "ON_HOLD";
                    await context.Response.WriteAsync(new JsonObject { ["studies"] = new JsonArray(study) }.ToJsonString());
                    break;
                case BadPage.OverTheSizeCap:
                    await context.Response.WriteAsync("{\"studies\":[],\"padding\":\"" + new string('x', 1_200_000) + "\"}");
                    break;
                case BadPage.ServerError:
                    context.Response.StatusCode = 500;
                    break;
                case BadPage.RateLimited:
                    context.Response.StatusCode = 429;
                    context.Response.Headers.RetryAfter = "600";
                    break;
            }

            return true;
        };
        await using var feed = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("journal", ("1", "An immunotherapy article"))));
        await using var db = await Database.CreateAsync(Settings(registry, feed));
        var id = await AddAsync(db, registry.QueryUrl());
        var other = await db.Get<SourceStore>().AddAsync(new Source { Url = feed.Url("/rss").ToString(), Name = "journal" }, CancellationToken.None);

        var summary = await PollAsync(db);

        Assert.Equal("polled=2 ok=1 not_modified=0 failed=1", Trim(summary)[..Trim(summary).IndexOf(" items_new", StringComparison.Ordinal)]);
        var source = (await db.Get<SourceStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal(kind, source.LastErrorKind);
        Assert.Contains(message, source.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', source.LastError!);
        Assert.Equal(1, source.ConsecutiveErrors);
        Assert.True(source.NextPollAt > DateTimeOffset.UtcNow.AddSeconds(bad == BadPage.RateLimited ? 590 : 0), $"backed off until {source.NextPollAt:O}");
        // The first page's two trials stay stored; the pass did not complete, so the cursor did not move.
        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM trials"));
        Assert.Null(await db.ScalarAsync<string>("SELECT sync_cursor FROM source_fetch_state WHERE source_id = @id", new { id }));
        Assert.Equal(1L, (await db.Get<SourceStore>().GetAsync(other, CancellationToken.None))!.ItemCount);
    }

    private static async Task<IEnumerable<T>> QueryAsync<T>(Database db, string sql, object? parameters = null)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.QueryAsync<T>(connection, sql, parameters);
    }
}
