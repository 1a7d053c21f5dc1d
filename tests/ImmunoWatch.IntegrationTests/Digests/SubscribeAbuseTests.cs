using System.Globalization;
using System.Net;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// The public form of a running worker under repeated submissions: a pending address gets one
/// confirmation link, not one per request, and one client is held to a few requests a minute.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SubscribeAbuseTests
{
    [PostgresFact]
    public async Task Repeated_submissions_send_one_confirmation_and_are_rate_limited()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var db = await Database.CreateAsync();
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
        }, "run");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var form = new Uri($"http://127.0.0.1:{port}/subscribe");
        await WorkerHttp.WaitAsync(http, form, worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var response = await http.PostAsync(form, new FormUrlEncodedContent([new("email", "eager.reader@example.org"), new("follow", "MEL")]));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Accepted, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
        Assert.Single(smtp.To("eager.reader@example.org"));
        Assert.Equal("pending", await db.ScalarAsync<string>("SELECT state FROM subscribers WHERE email = 'eager.reader@example.org'"));
    }
}
