using System.Text.Json;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Cli;

/// <summary>Registry trials from the admin's shell: the real executable, a loopback ClinicalTrials.gov API, a real database.</summary>
[Collection(SerialCollection.Name)]
public sealed class TrialsCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> env, params string[] args) =>
        await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), args);

    [PostgresCorpusFact]
    public async Task Add_a_registry_query_poll_it_and_subscribe_an_advocate_near_one_of_its_sites()
    {
        await using var registry = await FakeRegistry.StartAsync();
        registry.Hold(FakeRegistry.Recorded("study_NCT02576665_toca511_fields_locations.json"));
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        await scratch.ExecuteAsync("DELETE FROM sources"); // the seeded public sources: nothing leaves this machine
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = scratch.ConnectionString,
            ["Fetching__AllowedPrivateHosts__0"] = registry.Server.Authority,
            ["ApiPaging__PageDelay"] = "00:00:00",
        };

        // --ctgov builds the registry's own query URL (not polled here: nothing leaves this machine).
        var byQuery = await RunAsync(env, "feeds", "add", "--ctgov", "query.cond=melanoma&query.term=immunotherapy", "--disabled");
        Assert.True(byQuery.Exit == 0, byQuery.Stderr);
        var reserved = await RunAsync(env, "feeds", "add", "--ctgov", "query.cond=melanoma&pageToken=x");
        Assert.Equal(2, reserved.Exit);
        Assert.Contains("'pageToken' is set by ImmunoWatch", reserved.Stderr, StringComparison.Ordinal);
        var both = await RunAsync(env, "feeds", "add", "https://example.org/rss", "--ctgov", "query.cond=melanoma");
        Assert.Equal(2, both.Exit);

        var added = await RunAsync(env, "feeds", "add", registry.QueryUrl("query.cond=solid+tumors").ToString(), "--test");
        Assert.True(added.Exit == 0, added.Stderr);
        Assert.Contains("test fetch: ctgov-v2", added.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 items", added.Stdout, StringComparison.Ordinal);
        var list = JsonDocument.Parse((await RunAsync(env, "feeds", "list", "--json")).Stdout).RootElement.EnumerateArray().ToList();
        var query = list.Single(s => s.GetProperty("url").GetString()!.StartsWith("https://clinicaltrials.gov/api/v2/studies?", StringComparison.Ordinal));
        Assert.Equal("https://clinicaltrials.gov/api/v2/studies?query.cond=melanoma&query.term=immunotherapy", query.GetProperty("url").GetString());
        Assert.Equal("trials", query.GetProperty("kind").GetString());
        Assert.Equal("ClinicalTrials.gov: query.cond=melanoma&query.term=immunotherapy", query.GetProperty("name").GetString());

        // OPML keeps both kinds of registry source: exported, removed, imported back with the same URLs.
        var opml = Path.Combine(Path.GetTempPath(), $"immunowatch-trials-{Guid.NewGuid():N}.opml");
        try
        {
            Assert.Equal(0, (await RunAsync(env, "feeds", "export", "--out", opml)).Exit);
            Assert.Contains("xmlUrl=\"https://clinicaltrials.gov/api/v2/studies?query.cond=melanoma&amp;query.term=immunotherapy\"", await File.ReadAllTextAsync(opml), StringComparison.Ordinal);
            await scratch.ExecuteAsync("DELETE FROM sources");
            var imported = await RunAsync(env, "feeds", "import", opml);
            Assert.True(imported.Exit == 0, imported.Stderr);
        }
        finally
        {
            File.Delete(opml);
        }

        var urls = JsonDocument.Parse((await RunAsync(env, "feeds", "list", "--json")).Stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Contains("https://clinicaltrials.gov/api/v2/studies?query.cond=melanoma&query.term=immunotherapy", urls);
        Assert.Contains(registry.QueryUrl("query.cond=solid+tumors").ToString(), urls);
        // The registry query was added paused: it comes back paused (iw:enabled), so it is not polled below.
        var registryQuery = JsonDocument.Parse((await RunAsync(env, "feeds", "list", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("url").GetString()!.StartsWith("https://clinicaltrials.gov/", StringComparison.Ordinal));
        Assert.False(registryQuery.GetProperty("enabled").GetBoolean());

        var poll = await RunAsync(env, "poll");
        Assert.True(poll.Exit == 0, poll.Stderr);
        Assert.Matches(@"polled=1 ok=1 not_modified=0 failed=0 items_new=1 items_updated=0", poll.Stdout);

        // "Denver, Colorado" is located from the stored site's geo point.
        var subscribe = await RunAsync(env, "subscribers", "add", "advocate@patients.example", "--audience", "advocate", "--follow", "LUNG",
            "--recruiting-only", "true", "--near", "Denver, Colorado", "--radius-km", "50", "--age", "60", "--sex", "female");
        Assert.True(subscribe.Exit == 0, subscribe.Stderr);
        var unknownPlace = await RunAsync(env, "subscribers", "add", "other@patients.example", "--near", "Atlantis");
        Assert.Equal(2, unknownPlace.Exit);
        Assert.Contains("--near: no trial site in the stored registry data is in 'Atlantis'", unknownPlace.Stderr, StringComparison.Ordinal);
        var regionOnly = await RunAsync(env, "subscribers", "add", "other@patients.example", "--region", "Ohio");
        Assert.Equal(2, regionOnly.Exit);

        var subscribers = JsonDocument.Parse((await RunAsync(env, "subscribers", "list", "--json")).Stdout).RootElement;
        var trials = subscribers.EnumerateArray().Single().GetProperty("trials");
        Assert.True(trials.GetProperty("recruiting_only").GetBoolean());
        Assert.Equal(60, trials.GetProperty("age_years").GetInt32());
        Assert.Equal("female", trials.GetProperty("sex").GetString());
        var location = trials.GetProperty("location");
        Assert.Equal(50, location.GetProperty("radius_km").GetInt32());
        Assert.Equal(39.7392, location.GetProperty("latitude").GetDouble(), 3);

        var update = await RunAsync(env, "subscribers", "update", "advocate@patients.example", "--no-location", "--country", "United States", "--region", "Florida");
        Assert.True(update.Exit == 0, update.Stderr);
        var updated = JsonDocument.Parse((await RunAsync(env, "subscribers", "list", "--json")).Stdout).RootElement.EnumerateArray().Single().GetProperty("trials");
        Assert.Equal("Florida", updated.GetProperty("location").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("location").GetProperty("latitude").ValueKind);

        // A status change appears in the advocate's preview.
        registry.Edit("NCT02576665", s => FakeRegistry.Module(s, "statusModule")["overallStatus"] = "RECRUITING", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await scratch.ExecuteAsync("UPDATE source_fetch_state SET next_poll_at = now()");
        Assert.Matches(@"items_updated=1", (await RunAsync(env, "poll")).Stdout);
        var preview = await RunAsync(env, "digest", "preview", "--subscriber", "advocate@patients.example", "--format", "text");
        Assert.True(preview.Exit == 0, preview.Stderr);
        Assert.Contains("Newly recruiting · NCT02576665 · Recruiting · Phase 1", preview.Stdout, StringComparison.Ordinal);
        Assert.Contains("Nearest site: University of Miami, Miami, Florida, United States", preview.Stdout, StringComparison.Ordinal);
    }
}
