using System.Net;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Admin;

/// <summary>Two instances behind one address: a sign-in and a form token issued by one are accepted by the other (the key ring lives in the database).</summary>
[Collection(SerialCollection.Name)]
public sealed class AdminClusterTests
{
    private const string Password = "correct horse battery staple";

    [PostgresFact]
    public async Task A_sign_in_on_one_instance_holds_on_another_and_survives_a_restart()
    {
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString };
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), Password + "\n", "admins", "add", "curator@immunowatch.example")).ExitCode);
        var source = await db.ScalarAsync<long>("INSERT INTO sources (url, name) VALUES ('https://journal.example/rss', 'A journal') RETURNING id");
        var (portA, portB) = (WorkerHttp.FreePort(), WorkerHttp.FreePort());
        // Each instance its own home, as on two machines: nothing shared but the database.
        var (homeA, homeB) = (Directory.CreateTempSubdirectory("iw-home-a-").FullName, Directory.CreateTempSubdirectory("iw-home-b-").FullName);
        Dictionary<string, string> On(int port, string home) => new(env) { ["Urls"] = $"http://127.0.0.1:{port}", ["HOME"] = home };
        using var a = WorkerProcess.Start(On(portA, homeA), "run");
        var b = WorkerProcess.Start(On(portB, homeB), "run");
        try
        {
            using (var probe = new HttpClient())
            {
                await WorkerHttp.WaitAsync(probe, new Uri($"http://127.0.0.1:{portA}/health/ready"), a, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
                await WorkerHttp.WaitAsync(probe, new Uri($"http://127.0.0.1:{portB}/health/ready"), b, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            }

            var cookies = new CookieContainer();
            AdminSession Session(int port) => new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { Timeout = TimeSpan.FromSeconds(10) }, new Uri($"http://127.0.0.1:{port}"));
            var onA = Session(portA);
            Assert.Equal(HttpStatusCode.Redirect, (await onA.SignInAsync("curator@immunowatch.example", Password)).Status);

            // The same browser (cookies) reaching instance B: signed in there too, and a form from A posts on B.
            foreach (var cookie in cookies.GetAllCookies().ToList())
            {
                cookies.Add(new Uri($"http://127.0.0.1:{portB}/admin"), new Cookie(cookie.Name, cookie.Value, cookie.Path));
            }

            var onB = Session(portB);
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/sources")).Status);
            var page = await onA.GetAsync("/admin/sources");
            var token = AdminSession.Token().Match(page.Body).Groups[1].Value;
            using var post = await onB.Http.PostAsync(new Uri($"http://127.0.0.1:{portB}/admin/sources?handler=Pause&id={source}"),
                new FormUrlEncodedContent([new("reason", "from another instance"), new("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.False(await db.ScalarAsync<bool>("SELECT enabled FROM sources WHERE id = @source", new { source }));

            // B restarts: the sign-in still holds.
            b.Terminate();
            Assert.True(await b.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            b.Dispose();
            b = WorkerProcess.Start(On(portB, homeB), "run");
            using (var probe = new HttpClient())
            {
                await WorkerHttp.WaitAsync(probe, new Uri($"http://127.0.0.1:{portB}/health/ready"), b, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            }

            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/admin/sources")).Status);
            Assert.True(await db.ScalarAsync<long>("SELECT count(*) FROM data_protection_keys") >= 1);
        }
        finally
        {
            b.Dispose();
            Directory.Delete(homeA, recursive: true);
            Directory.Delete(homeB, recursive: true);
        }
    }
}
