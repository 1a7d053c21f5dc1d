using System.Text.Json.Nodes;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// What advocates get from the registry: a status change and a new site, polled from a loopback
/// ClinicalTrials.gov API, recorded in the history and shown in the next digest; location, age and
/// recruiting filters keeping and dropping the right trials.
/// </summary>
public sealed class TrialUpdatesDigestTests
{
    private const string Pembrolizumab = "NCT05431270"; // RECRUITING, lung and pancreatic cancer, no sites listed
    private const string Toca = "NCT02576665";          // TERMINATED, many cancers, sites in Denver, Miami and a third US city; ages 18-75
    private const string Spain = "NCT03475563";         // UNKNOWN, coronary artery disease, 3 recruiting sites in Spain

    private static List<JsonObject> Studies()
    {
        var page = FakeRegistry.Recorded("page_keytruda_3studies_fields_nextPageToken.json");
        return [page[0], .. FakeRegistry.Recorded("study_NCT02576665_toca511_fields_locations.json"), .. FakeRegistry.Recorded("study_NCT03475563_unknown_status_site_contacts.json")];
    }

    private static async Task<(FakeRegistry Registry, Database Db)> PolledOnceAsync()
    {
        var registry = await FakeRegistry.StartAsync();
        registry.Hold(Studies());
        var settings = TestServices.Loopback(registry.Server);
        settings["ApiPaging:PageDelay"] = "00:00:00";
        var db = await Database.CreateAsync(settings);
        await db.Get<DatabaseSetup>().RunAsync(CancellationToken.None);
        await db.Get<SourceStore>().AddAsync(new Source { Url = registry.QueryUrl().ToString(), Name = "ClinicalTrials.gov", Kind = SourceKinds.Trials }, CancellationToken.None);
        await PollAsync(db);
        return (registry, db);
    }

    private static async Task PollAsync(Database db)
    {
        await db.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now()");
        var summary = await db.Get<PollingService>().PollAsync(all: true, null, CancellationToken.None);
        Assert.Equal(0, summary.Failed);
    }

    private static Subscriber Advocate(string email, params string[] follows) => new()
    {
        Id = email.GetHashCode(StringComparison.Ordinal) & 0xFFFF,
        Email = email,
        Audience = Audiences.Advocate,
        Followed = follows,
    };

    private static async Task<Digest> DigestAsync(Database db, Subscriber subscriber, DateTimeOffset since)
    {
        var period = new DigestPeriod("test", since, DateTimeOffset.UtcNow.AddSeconds(1));
        return await db.Get<DigestComposer>().ComposeAsync(subscriber with { Watermark = since }, period, CancellationToken.None);
    }

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [PostgresCorpusFact]
    public async Task A_status_change_and_a_new_site_are_in_the_history_and_in_the_next_digest()
    {
        var (registry, db) = await PolledOnceAsync();
        await using var _ = registry;
        await using var __ = db;
        var afterFirstPass = DateTimeOffset.UtcNow;
        // The backlog of a new source is not news: nothing from the first pass shows.
        Assert.Null((await DigestAsync(db, Advocate("early@example.org"), afterFirstPass.AddHours(-1))).TrialUpdates);

        registry.Edit(Pembrolizumab, s => FakeRegistry.Module(s, "statusModule")["overallStatus"] = "SUSPENDED", Today);
        registry.Edit(Toca, s =>
        {
            FakeRegistry.Module(s, "statusModule")["overallStatus"] = "RECRUITING";
            FakeRegistry.Module(s, "contactsLocationsModule")["locations"]!.AsArray().Add(new JsonObject
            {
                ["facility"] = "Ohio State University Comprehensive Cancer Center", ["city"] = "Columbus", ["state"] = "Ohio",
                ["country"] = "United States", ["status"] = "RECRUITING", ["geoPoint"] = new JsonObject { ["lat"] = 39.9612, ["lon"] = -82.9988 },
            });
        }, Today);
        await PollAsync(db);

        Assert.Equal(["site_added", "status"], (await QueryAsync<string>(db, "SELECT change FROM trial_changes WHERE nct_id = @Toca AND change <> 'first_seen' ORDER BY change", new { Toca })).ToList());
        var nearColumbus = Advocate("columbus@example.org", "LUNG") with
        {
            Trials = new TrialPreferences { Location = new TrialLocation { Label = "Columbus, Ohio", Latitude = 39.98, Longitude = -83.0, RadiusKm = 50 } },
        };

        var digest = await DigestAsync(db, nearColumbus, afterFirstPass);

        var updates = digest.TrialUpdates!.Entries;
        Assert.Equal([Toca], updates.Select(e => e.NctId));
        var toca = updates[0];
        Assert.Equal("Newly recruiting", toca.Update);
        Assert.Equal($"Terminated → Recruiting on {DateTime.UtcNow:d MMM yyyy}; new site: Ohio State University Comprehensive Cancer Center, Columbus, Ohio, United States · 2 km", toca.ChangeLine);
        Assert.StartsWith("Ohio State University Comprehensive Cancer Center, Columbus, Ohio, United States · 2 km", toca.NearestSite, StringComparison.Ordinal);
        Assert.Equal("Ages 18 Years to 75 Years · all sexes", toca.Eligibility);
        // The suspended trial lists no site, so it cannot be near Columbus: counted, not shown.
        Assert.Equal(1, digest.TrialsOutsideLocation);

        // Without a location both show: the suspension with from -> to and its date.
        var anywhere = await DigestAsync(db, Advocate("anywhere@example.org", "LUNG"), afterFirstPass);
        var suspended = Assert.Single(anywhere.TrialUpdates!.Entries, e => e.NctId == Pembrolizumab);
        Assert.Equal("Status changed", suspended.Update);
        Assert.Equal($"Recruiting → Suspended on {DateTime.UtcNow:d MMM yyyy}", suspended.ChangeLine);
        Assert.Contains("  No sites listed yet", db.Get<DigestRenderer>().Render(anywhere, webVersionId: null).Text, StringComparison.Ordinal);

        var rendered = db.Get<DigestRenderer>().Render(digest, webVersionId: null);
        Assert.Contains("== Trial updates ==", rendered.Text, StringComparison.Ordinal);
        Assert.Contains($"Newly recruiting · {Toca} · Recruiting · Phase 1", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Nearest site: Ohio State University Comprehensive Cancer Center, Columbus, Ohio, United States · 2 km", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("Who can take part: Ages 18 Years to 75 Years · all sexes", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("1 more trial of the cancer types you follow changed, but it has no site within 50 km of Columbus, Ohio.", rendered.Text, StringComparison.Ordinal);
        Assert.Contains($"https://clinicaltrials.gov/study/{Toca}", rendered.Html, StringComparison.Ordinal);
        // Advocates get the trials first.
        Assert.True(rendered.Text.IndexOf("== Trial updates ==", StringComparison.Ordinal) < rendered.Text.IndexOf("----", StringComparison.Ordinal));

        // A clinician gets the same changes on one line each: phase, status change, condition.
        var clinician = db.Get<DigestRenderer>().Render(anywhere with { Subscriber = anywhere.Subscriber with { Audience = Audiences.Clinician } }, webVersionId: null);
        Assert.Contains($"{Pembrolizumab} · Phase 1/Phase 2 · Recruiting → Suspended on {DateTime.UtcNow:d MMM yyyy} · Non Small Cell Lung Cancer, Pancreatic Ductal Adenocarcinoma", clinician.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Who can take part", clinician.Text, StringComparison.Ordinal);

        // Once delivered (watermark past the changes), they are not shown again.
        Assert.Null((await DigestAsync(db, nearColumbus, DateTimeOffset.UtcNow)).TrialUpdates);
    }

    [PostgresCorpusFact]
    public async Task Location_age_and_recruiting_filters_keep_and_drop_the_right_trials()
    {
        var (registry, db) = await PolledOnceAsync();
        await using var _ = registry;
        await using var __ = db;
        var afterFirstPass = DateTimeOffset.UtcNow;
        registry.Edit(Toca, s => FakeRegistry.Module(s, "statusModule")["overallStatus"] = "ACTIVE_NOT_RECRUITING", Today);
        registry.Edit(Spain, s => FakeRegistry.Module(s, "statusModule")["overallStatus"] = "RECRUITING", Today);
        registry.Edit(Pembrolizumab, s => FakeRegistry.Module(s, "statusModule")["overallStatus"] = "SUSPENDED", Today);
        await PollAsync(db);

        async Task<(string Shown, int Outside)> ForAsync(TrialPreferences preferences)
        {
            var digest = await DigestAsync(db, Advocate($"{Guid.NewGuid():N}@example.org") with { Trials = preferences }, afterFirstPass);
            return (string.Join(",", (digest.TrialUpdates?.Entries ?? []).Select(e => e.NctId!).Order(StringComparer.Ordinal)), digest.TrialsOutsideLocation);
        }

        Assert.Equal(($"{Toca},{Spain},{Pembrolizumab}", 0), await ForAsync(TrialPreferences.None));
        Assert.Equal(($"{Spain}", 2), await ForAsync(new TrialPreferences { Location = new TrialLocation { Country = "Spain" } }));
        Assert.Equal(($"{Toca}", 2), await ForAsync(new TrialPreferences { Location = new TrialLocation { Country = "united states", State = "Florida" } }));
        Assert.Equal(("", 3), await ForAsync(new TrialPreferences { Location = new TrialLocation { Country = "United States", State = "Ohio" } }));
        // Denver's site is within 100 km of Boulder; Miami's is not, and Spain's are an ocean away.
        Assert.Equal(($"{Toca}", 2), await ForAsync(new TrialPreferences { Location = new TrialLocation { Label = "Boulder", Latitude = 40.015, Longitude = -105.27, RadiusKm = 100 } }));
        Assert.Equal(("", 3), await ForAsync(new TrialPreferences { Location = new TrialLocation { Label = "Boulder", Latitude = 40.015, Longitude = -105.27, RadiusKm = 10 } }));
        // Toca takes 18 to 75 year olds.
        Assert.Equal(($"{Spain},{Pembrolizumab}", 0), await ForAsync(new TrialPreferences { AgeYears = 80 }));
        // Recruiting only: the Spanish registry study is recruiting; the suspended one was recruiting and still shows;
        // Toca went from terminated to active, not recruiting, and is dropped.
        Assert.Equal(($"{Spain},{Pembrolizumab}", 0), await ForAsync(new TrialPreferences { RecruitingOnly = true }));
        // With Spain as well: the suspended trial lists no site there, so it is counted as outside; Toca was dropped before.
        Assert.Equal(($"{Spain}", 1), await ForAsync(new TrialPreferences { RecruitingOnly = true, Location = new TrialLocation { Country = "Spain" } }));
    }

    private static async Task<IEnumerable<T>> QueryAsync<T>(Database db, string sql, object? parameters = null)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.QueryAsync<T>(connection, sql, parameters);
    }
}
