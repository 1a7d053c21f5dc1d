using System.Text.Json;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Cli;

/// <summary>The admin CLI as an admin uses it: the real executable against a real database.</summary>
[Collection(SerialCollection.Name)]
public sealed class FeedsCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(Dictionary<string, string> env, params string[] args) =>
        await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), args);

    [PostgresFact]
    public async Task Add_test_list_update_disable_enable_export_import_remove()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("Immunotherapy News", ("1", "One"), ("2", "Two"))));
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: false);
        var connectionString = scratch.ConnectionString;
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = connectionString,
            ["Fetching__AllowedPrivateHosts__0"] = server.Authority,
        };

        // Only `run` and `migrate` change the schema: other commands say what to do and touch nothing.
        var behind = await RunAsync(env, "feeds", "list");
        Assert.Equal(2, behind.Exit);
        Assert.Contains("run `immunowatch migrate` first", behind.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{ImmunoWatch.Storage.DatabaseMigrator.Embedded.Count} migration(s) pending", behind.Stderr, StringComparison.Ordinal);

        var migrate = await RunAsync(env, "migrate");
        Assert.Equal(0, migrate.Exit);
        Assert.Contains($"{ImmunoWatch.Storage.DatabaseMigrator.Embedded.Count} migration(s) applied", migrate.Stdout, StringComparison.Ordinal);

        var blocked = await RunAsync(env, "feeds", "add", "http://10.0.0.5/feed");
        Assert.Equal(2, blocked.Exit);
        Assert.StartsWith("error: url:", blocked.Stderr, StringComparison.Ordinal);
        var scheme = await RunAsync(env, "feeds", "add", "file:///etc/passwd");
        Assert.Equal(2, scheme.Exit);
        Assert.Contains("scheme 'file'", scheme.Stderr, StringComparison.Ordinal);

        var added = await RunAsync(env, "feeds", "add", server.Url("/news.rss").ToString(), "--test", "--kind", "news", "--mode", "immunotherapy-only", "--interval", "2h");
        Assert.Equal(0, added.Exit);
        Assert.Contains("2 items", added.Stdout, StringComparison.Ordinal);
        Assert.Contains("Immunotherapy News", added.Stdout, StringComparison.Ordinal);
        var duplicate = await RunAsync(env, "feeds", "add", server.Url("/news.rss").ToString());
        Assert.Equal(1, duplicate.Exit);
        Assert.Contains("already has the URL", duplicate.Stderr, StringComparison.Ordinal);

        var list = JsonDocument.Parse((await RunAsync(env, "feeds", "list", "--json")).Stdout).RootElement;
        var mine = list.EnumerateArray().Single(s => s.GetProperty("url").GetString() == server.Url("/news.rss").ToString());
        var id = mine.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Immunotherapy News", mine.GetProperty("name").GetString());
        Assert.Equal("immunotherapy-only", mine.GetProperty("relevance_mode").GetString());
        Assert.Equal(16, list.GetArrayLength());

        var poll = await RunAsync(env, "poll", "--feed", id, "--stats");
        Assert.Equal(0, poll.Exit);
        Assert.Matches(@"polled=1 ok=1 not_modified=0 failed=0 items_new=2 items_updated=0 seconds=[0-9.]+\s*$", poll.Stdout);
        // --stats: where the time went, on stderr (the summary line stays the last line of stdout).
        Assert.Matches(@"(?m)^stages: fetch_s=(?!0 )[0-9.]+ parse_s=[0-9.]+ process_s=[0-9.]+ store_wait_s=[0-9.]+ store_s=(?!0$)[0-9.]+$", poll.Stderr);
        Assert.Matches(@"(?m)^runtime: jit_methods=[1-9]\d* jit_s=[0-9.]+ gc_pause_s=[0-9.]+ gc_counts=\d+/\d+/\d+ allocated_mb=\d+ cpu_s=[0-9.]+$", poll.Stderr);

        var table = await RunAsync(env, "feeds", "list");
        Assert.Matches($@"(?m)^\s+{id}\s+ok\s+news\s+2h\s+2\s+\d{{4}}-", table.Stdout);

        Assert.Equal(0, (await RunAsync(env, "feeds", "update", id, "--name", "NCI-like", "--interval", "auto")).Exit);
        Assert.Equal(2, (await RunAsync(env, "feeds", "update", id, "--interval", "often")).Exit);
        Assert.Equal(0, (await RunAsync(env, "feeds", "disable", id, "--reason", "paused for review")).Exit);
        var shown = JsonDocument.Parse((await RunAsync(env, "feeds", "show", id, "--json")).Stdout).RootElement.GetProperty("source");
        Assert.Equal("NCI-like", shown.GetProperty("name").GetString());
        Assert.False(shown.GetProperty("enabled").GetBoolean());
        Assert.Equal("paused for review", shown.GetProperty("disabled_reason").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("poll_interval").ValueKind);
        Assert.Equal(0, (await RunAsync(env, "feeds", "enable", id)).Exit);

        var opml = Path.GetTempFileName();
        try
        {
            Assert.Equal(0, (await RunAsync(env, "feeds", "export", "--out", opml)).Exit);
            Assert.Contains("xmlUrl=\"" + server.Url("/news.rss"), await File.ReadAllTextAsync(opml), StringComparison.Ordinal);
            await using var otherDatabase = await ScratchDatabase.CreateAsync(migrated: false);
            var other = new Dictionary<string, string>(env) { ["ConnectionStrings__ImmunoWatch"] = otherDatabase.ConnectionString };
            Assert.Equal(0, (await RunAsync(other, "migrate")).Exit);
            var imported = await RunAsync(other, "feeds", "import", opml);
            Assert.Equal(0, imported.Exit);
            Assert.Contains("imported=1 existing=15 rejected=0", imported.Stdout, StringComparison.Ordinal);

            // A source exported paused comes back paused, with its reason.
            Assert.Equal(0, (await RunAsync(env, "feeds", "disable", id, "--reason", "publisher migrating")).Exit);
            Assert.Equal(0, (await RunAsync(env, "feeds", "export", "--out", opml)).Exit);
            Assert.Contains("iw:enabled=\"false\" iw:disabledReason=\"publisher migrating\"", await File.ReadAllTextAsync(opml), StringComparison.Ordinal);
            await using var third = await ScratchDatabase.CreateAsync(migrated: true);
            var thirdEnv = new Dictionary<string, string>(env) { ["ConnectionStrings__ImmunoWatch"] = third.ConnectionString };
            Assert.Equal(0, (await RunAsync(thirdEnv, "feeds", "import", opml)).Exit);
            var reimported = JsonDocument.Parse((await RunAsync(thirdEnv, "feeds", "list", "--json")).Stdout).RootElement.EnumerateArray()
                .Single(s => s.GetProperty("url").GetString() == server.Url("/news.rss").ToString());
            Assert.False(reimported.GetProperty("enabled").GetBoolean());
            Assert.Equal("publisher migrating", reimported.GetProperty("disabled_reason").GetString());
        }
        finally
        {
            File.Delete(opml);
        }

        Assert.Equal(0, (await RunAsync(env, "feeds", "remove", id)).Exit);
        Assert.Equal(1, (await RunAsync(env, "feeds", "show", id)).Exit);
    }

    [Fact]
    public async Task Database_commands_without_a_connection_string_name_the_setting()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = "" }, "feeds", "list");
        Assert.Equal(2, result.Exit);
        Assert.Contains("ConnectionStrings:ImmunoWatch is not set", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_is_one_clear_line()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2" }, "poll");
        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: database:", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
