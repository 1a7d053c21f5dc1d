using System.Net;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Deployment;

/// <summary>Readiness follows the scheduler's check-ins with the cluster, not only whether the database answers.</summary>
[Collection(SerialCollection.Name)]
public sealed class ReadinessTests
{
    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, int port, string path, HttpStatusCode expected, WorkerProcess worker) =>
        (await WorkerHttp.WaitAsync(http, new Uri($"http://127.0.0.1:{port}{path}"), worker, (status, _) => status == expected, TimeSpan.FromSeconds(60))).Status;

    [PostgresFact]
    public async Task A_worker_whose_scheduler_stopped_checking_in_is_not_ready_but_still_live()
    {
        await using var db = await Database.CreateAsync();
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{port}",
            // One check-in at start, the next only after five minutes: the test controls the row meanwhile.
            ["Scheduler__CheckinInterval"] = "00:05:00",
            ["Scheduler__CheckinMisfireThreshold"] = "00:10:00",
        }, "run");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        var ready = await StatusAsync(http, port, "/health/ready", HttpStatusCode.OK, worker);
        await db.ExecuteAsync("UPDATE qrtz_scheduler_state SET last_checkin_time = 621355968000000000 + (extract(epoch FROM now() - interval '1 hour') * 10000000)::bigint");
        var stale = await StatusAsync(http, port, "/health/ready", HttpStatusCode.ServiceUnavailable, worker);
        var live = await StatusAsync(http, port, "/health/live", HttpStatusCode.OK, worker);

        Assert.Equal(HttpStatusCode.OK, ready);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stale);
        Assert.Equal(HttpStatusCode.OK, live);
    }
}
