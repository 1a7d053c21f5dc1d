using System.Net;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace ImmunoWatch.IntegrationTests.Admin;

/// <summary>
/// The admin pages in a real browser (Debian's Chromium, driven by Playwright) against a real worker
/// process: sign in, see the sources and their health, pause one with a reason and see it marked
/// paused, sign out. Screenshots of the pages go to artifacts/screenshots.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AdminBrowserTests
{
    private const string Password = "correct horse battery staple";

    private static string Screenshots => Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;

    [AdminBrowserFact]
    public async Task An_admin_signs_in_pauses_a_source_and_sees_it_paused()
    {
        // The publisher is down: whenever the running worker polls the source, it fails (503).
        await using var feed = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString };
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), Password + "\n", "admins", "add", "curator@immunowatch.example")).ExitCode);
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>(env)
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Fetching__AllowedPrivateHosts__0"] = feed.Authority,
        }, "run");
        var baseUrl = $"http://127.0.0.1:{port}";
        using (var probe = new HttpClient())
        {
            await WorkerHttp.WaitAsync(probe, new Uri($"{baseUrl}/health/ready"), worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }

        var sourceId = await db.ScalarAsync<long>("INSERT INTO sources (url, name) VALUES (@url, 'Loopback news') RETURNING id", new { url = feed.Url("/news.rss").ToString() });
        await db.ExecuteAsync("INSERT INTO source_fetch_state (source_id) VALUES (@sourceId) ON CONFLICT DO NOTHING", new { sourceId });
        await db.ExecuteAsync("UPDATE source_fetch_state SET consecutive_errors = 2, last_error_kind = 'HttpStatus', last_error = 'journal.example: HTTP 503', next_poll_at = now() + interval '1 hour' WHERE source_id = @sourceId", new { sourceId });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });

        // Anonymous: sent to the sign-in page.
        await page.GotoAsync($"{baseUrl}/admin/sources");
        Assert.StartsWith($"{baseUrl}/admin/login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "admin-login.png"), FullPage = true });
        await page.GetByLabel("Email").FillAsync("curator@immunowatch.example");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // The sources, failing first, with their last error.
        await page.WaitForURLAsync($"{baseUrl}/admin/sources");
        var row = page.Locator($"#source-{sourceId}");
        Assert.Equal("failing", await row.Locator("td[data-state]").GetAttributeAsync("data-state"));
        Assert.Contains("HTTP 503", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "admin-sources.png"), FullPage = true });

        // Pause it with a reason (the keyboard reaches the field by its label).
        await row.GetByLabel("Reason").FillAsync("publisher is migrating");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await page.WaitForSelectorAsync($"#source-{sourceId} td[data-state=paused]");
        Assert.Contains("paused (publisher is migrating)", await page.Locator($"#source-{sourceId}").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"Source {sourceId} paused.", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @sourceId", new { sourceId }));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "admin-sources-paused.png"), FullPage = true });

        // Resume, then sign out: the pages are closed again.
        await page.Locator($"#source-{sourceId}").GetByLabel("Reason").FillAsync("the publisher is back");
        await page.Locator($"#source-{sourceId}").GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        // Resumed (polled at once, so it may already be failing again).
        await page.WaitForSelectorAsync($"#source-{sourceId} td[data-state]:not([data-state=paused])");
        Assert.True(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @sourceId", new { sourceId }));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/admin/login");
        await page.GotoAsync($"{baseUrl}/admin/sources");
        Assert.StartsWith($"{baseUrl}/admin/login", page.Url, StringComparison.Ordinal);
    }
}

/// <summary>
/// The admin's walk through the pages in a real browser: add a source after a test fetch of a
/// loopback feed, pause it, export the OPML and import it into a fresh database (the pause kept),
/// resolve an unknown outbox row, edit and publish the explainer and see it in a subscriber's next
/// digest; screenshots of each main page.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AdminWalkBrowserTests
{
    private const string Password = "correct horse battery staple";

    private static string Screenshots => Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "screenshots")).FullName;

    [AdminBrowserFact]
    public async Task Add_test_pause_export_import_resolve_and_publish_the_explainer()
    {
        await using var feed = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("Checkpoint News",
            ("1", "Nivolumab plus ipilimumab in advanced melanoma"), ("2", "CAR-T cells for relapsed lymphoma"))));
        await using var db = await Database.CreateAsync();
        await db.Get<ImmunoWatch.Storage.DatabaseSetup>().RunAsync(CancellationToken.None);
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString, ["Fetching__AllowedPrivateHosts__0"] = feed.Authority };
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), Password + "\n", "admins", "add", "curator@immunowatch.example")).ExitCode);
        var subscriber = await db.ScalarAsync<long>("INSERT INTO subscribers (email, audience) VALUES ('advocate@patients.example', 'advocate') RETURNING id");
        var unknown = await db.ScalarAsync<long>(
            "INSERT INTO digest_outbox (subscriber_id, period_key, period_start, period_end, state, attempts, subject, item_count, watermark_to, last_error) VALUES (@subscriber, '2026-W48', now() - interval '7 days', now() - interval '1 day', 'unknown', 1, 'ImmunoWatch 2026-W48', 2, now() - interval '1 day', 'connection lost during DATA') RETURNING id",
            new { subscriber });
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>(env) { ["Urls"] = $"http://127.0.0.1:{port}" }, "run");
        var baseUrl = $"http://127.0.0.1:{port}";
        using (var probe = new HttpClient())
        {
            await WorkerHttp.WaitAsync(probe, new Uri($"{baseUrl}/health/ready"), worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        async Task ShotAsync(string name) => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

        await page.GotoAsync($"{baseUrl}/admin/login");
        await page.GetByLabel("Email").FillAsync("curator@immunowatch.example");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/admin/sources");

        // Add a source: the test fetch shows what would be stored, with tags, before anything is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a source" }).ClickAsync();
        await page.GetByLabel("Feed URL").FillAsync(feed.Url("/checkpoint.rss").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Test fetch" }).ClickAsync();
        var result = page.GetByRole(AriaRole.Heading, new() { Name = "Test fetch: rss2.0" });
        Assert.Contains("“Checkpoint News”, 2 items", await result.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("SKIN", await page.Locator("section").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM sources WHERE name = 'Checkpoint News'"));
        await ShotAsync("admin-add-source-test-fetch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.True(page.Url == $"{baseUrl}/admin/sources", $"{page.Url}: {await page.Locator("main").InnerTextAsync()}");
        var sourceId = await db.ScalarAsync<long>("SELECT id FROM sources WHERE name = 'Checkpoint News'");

        // Pause it and see it marked paused.
        var row = page.Locator($"#source-{sourceId}");
        await row.GetByLabel("Reason").FillAsync("checking the licence");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await page.WaitForSelectorAsync($"#source-{sourceId} td[data-state=paused]");
        await ShotAsync("admin-sources");

        // Export the OPML, import it into a fresh database: the pause is kept.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export OPML" }).ClickAsync());
        var opml = Path.Combine(Path.GetTempPath(), $"iw-export-{Guid.NewGuid():N}.opml");
        await download.SaveAsAsync(opml);
        try
        {
            await using var fresh = await ScratchDatabase.CreateAsync(migrated: true);
            var freshEnv = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = fresh.ConnectionString, ["Fetching__AllowedPrivateHosts__0"] = feed.Authority };
            await fresh.ExecuteAsync("DELETE FROM sources");
            Assert.Equal(0, (await WorkerProcess.RunAsync(freshEnv, TimeSpan.FromSeconds(60), "feeds", "import", opml)).ExitCode);
            var imported = System.Text.Json.JsonDocument.Parse((await WorkerProcess.RunAsync(freshEnv, TimeSpan.FromSeconds(60), "feeds", "list", "--json")).Stdout).RootElement.EnumerateArray()
                .Single(s => s.GetProperty("url").GetString() == feed.Url("/checkpoint.rss").ToString());
            Assert.Equal("Checkpoint News", imported.GetProperty("name").GetString());
            Assert.False(imported.GetProperty("enabled").GetBoolean());
            Assert.Equal("checking the licence", imported.GetProperty("disabled_reason").GetString());
        }
        finally
        {
            File.Delete(opml);
        }

        // Resolve the unknown outbox row: it arrived.
        await page.GetByRole(AriaRole.Link, new() { Name = "Outbox" }).ClickAsync();
        var outboxRow = page.Locator($"#outbox-{unknown}");
        await outboxRow.GetByLabel("It arrived: mark it sent").CheckAsync();
        await outboxRow.GetByLabel("I checked with the recipient or the mail server").CheckAsync();
        await outboxRow.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).WaitForAsync();
        Assert.Contains($"Row {unknown} marked sent.", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("sent", await db.ScalarAsync<string>("SELECT state FROM digest_outbox WHERE id = @unknown", new { unknown }));
        await page.GotoAsync($"{baseUrl}/admin/outbox");
        await ShotAsync("admin-outbox");

        // Edit the advocates' explainer, preview it, publish it, and see it in the subscriber's next digest.
        await page.GetByRole(AriaRole.Link, new() { Name = "Explainer" }).ClickAsync();
        const string Added = "A sentence the curator added today about checkpoint inhibitors.";
        var text = page.GetByLabel("Text");
        await text.FillAsync(await text.InputValueAsync() + "\n\n" + Added);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        Assert.Contains(Added, await page.Locator("#preview").Locator("..").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish as version 2" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).WaitForAsync();
        Assert.Contains("Published version 2 of the advocate explainer", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync("admin-explainer");
        await page.GotoAsync($"{baseUrl}/admin/subscribers");
        await ShotAsync("admin-subscribers");
        await page.GotoAsync($"{baseUrl}/admin/digest-preview/{subscriber}");
        Assert.Contains(Added, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await ShotAsync("admin-digest-preview");
        await page.GotoAsync($"{baseUrl}/admin/plots");
        await ShotAsync("admin-plots");
        await page.GotoAsync($"{baseUrl}/admin/audit");
        var audit = await page.Locator("main").InnerTextAsync();
        foreach (var action in new[] { "source.add", "source.pause", "outbox.resolve", "explainer.publish" })
        {
            Assert.Contains(action, audit, StringComparison.Ordinal);
        }

        await ShotAsync("admin-audit");
    }
}

/// <summary>A browser test: needs Chromium and PostgreSQL; skipped locally without them, failing on CI without them.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AdminBrowserFactAttribute : FactAttribute
{
    public AdminBrowserFactAttribute()
    {
        if (!PostgresServer.IsCi && (Chromium.Path is null || !PostgresServer.IsConfigured))
        {
            Skip = "needs Chromium (apt-get install chromium) and PostgreSQL; deploy/local/test.sh installs and starts them";
        }
    }
}
