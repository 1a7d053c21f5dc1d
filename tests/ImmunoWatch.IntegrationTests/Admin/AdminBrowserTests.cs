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
