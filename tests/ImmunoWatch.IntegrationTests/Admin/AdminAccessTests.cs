using System.Net;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Admin;

/// <summary>
/// Everything under /admin fails closed, against a real worker process over HTTP: anonymous visitors
/// are sent to the sign-in page, a viewer's change gets 403, a form without its antiforgery token
/// 400, repeated failed sign-ins lock the account; accounts are made with `admins add` (password on
/// standard input).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class AdminAccessTests
{
    private const string AdminPassword = "correct horse battery staple";
    private const string ViewerPassword = "viewer password 0123";

    [PostgresFact]
    public async Task Admin_pages_fail_closed_for_anonymous_visitors_viewers_forged_forms_and_guessed_passwords()
    {
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString };
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>(env) { ["Urls"] = $"http://127.0.0.1:{port}", ["Admin__LockoutThreshold"] = "3" }, "run");
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        using (var probe = new HttpClient())
        {
            await WorkerHttp.WaitAsync(probe, new Uri(baseUrl, "/health/ready"), worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }

        // Accounts: the password comes from standard input, never an argument; a short one is refused.
        var shortPassword = await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), "short\n", "admins", "add", "curator@immunowatch.example");
        Assert.Equal(2, shortPassword.ExitCode);
        Assert.Contains("at least 12 are needed", shortPassword.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), AdminPassword + "\n", "admins", "add", "curator@immunowatch.example")).ExitCode);
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), ViewerPassword + "\n", "admins", "add", "reader@immunowatch.example", "--role", "viewer")).ExitCode);
        Assert.Equal(1, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), AdminPassword + "\n", "admins", "add", "Curator@immunowatch.example")).ExitCode);
        var list = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "admins", "list");
        Assert.Contains("admin   curator@immunowatch.example", list.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(AdminPassword, list.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("AQAAAA", await db.ScalarAsync<string>("SELECT password_hash FROM admins WHERE email = 'curator@immunowatch.example'"), StringComparison.Ordinal);
        var sourceId = await db.ScalarAsync<long>("INSERT INTO sources (url, name) VALUES ('https://journal.example/rss', 'A journal') RETURNING id");
        await db.ExecuteAsync("INSERT INTO source_fetch_state (source_id) VALUES (@sourceId) ON CONFLICT DO NOTHING", new { sourceId });

        // Anonymous: every admin page sends to the sign-in page; a POST changes nothing.
        var anonymous = AdminSession.Open(baseUrl);
        foreach (var path in new[] { "/admin", "/admin/sources", "/admin/sources?x=1" })
        {
            var page = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.Status);
            Assert.StartsWith("/admin/login?ReturnUrl=", page.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var login = await anonymous.GetAsync("/admin/login");
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Matches(AdminSession.Token(), login.Body);
        Assert.Contains("name=\"email\"", login.Body, StringComparison.Ordinal);
        var anonymousPause = await anonymous.PostAsync($"/admin/sources?handler=Pause&id={sourceId}", [new("reason", "x")], withToken: false);
        Assert.True(anonymousPause.Status is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{anonymousPause.Status}");

        // A viewer signs in and sees the sources, but cannot change them.
        var viewer = AdminSession.Open(baseUrl);
        var signedIn = await viewer.SignInAsync("reader@immunowatch.example", ViewerPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        var sources = await viewer.GetAsync("/admin/sources");
        Assert.Equal(HttpStatusCode.OK, sources.Status);
        Assert.Contains("A journal", sources.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(">Pause<", sources.Body, StringComparison.Ordinal);
        var viewerPause = await viewer.PostAsync($"/admin/sources?handler=Pause&id={sourceId}", [new("reason", "viewer tries")]);
        Assert.Equal(HttpStatusCode.Forbidden, viewerPause.Status);

        // An admin's form without its antiforgery token: 400; with it, the source is paused.
        var admin = AdminSession.Open(baseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SignInAsync("curator@immunowatch.example", AdminPassword)).Status);
        var forged = await admin.PostAsync($"/admin/sources?handler=Pause&id={sourceId}", [new("reason", "forged")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.True(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @sourceId", new { sourceId }));
        var paused = await admin.PostAsync($"/admin/sources?handler=Pause&id={sourceId}", [new("reason", "publisher moved")]);
        Assert.Equal(HttpStatusCode.Redirect, paused.Status);
        Assert.False(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @sourceId", new { sourceId }));
        Assert.Equal("publisher moved", await db.ScalarAsync<string>("SELECT disabled_reason FROM sources WHERE id = @sourceId", new { sourceId }));
        var after = await admin.GetAsync("/admin/sources");
        Assert.Contains("data-state=\"paused\">paused (publisher moved)", after.Body, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", string.Join(' ', (await admin.Http.GetAsync(new Uri(baseUrl, "/admin/sources"))).Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);

        // Signing out ends the session.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync("/admin/logout", [])).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync("/admin/sources")).Status);

        // Three wrong passwords lock the account: then even the right one is refused.
        var guesser = AdminSession.Open(baseUrl);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var wrong = await guesser.SignInAsync("curator@immunowatch.example", $"guess {attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
            Assert.Contains("do not match an admin account", wrong.Body, StringComparison.Ordinal);
        }

        var locked = await guesser.SignInAsync("curator@immunowatch.example", AdminPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.Status);
        Assert.Contains("locked after too many failed sign-ins", locked.Body, StringComparison.Ordinal);
        var unknown = await guesser.SignInAsync("nobody@immunowatch.example", AdminPassword);
        Assert.Contains("do not match an admin account", unknown.Body, StringComparison.Ordinal);
        Assert.Contains("locked until", (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "admins", "list")).Stdout, StringComparison.Ordinal);
    }
}
