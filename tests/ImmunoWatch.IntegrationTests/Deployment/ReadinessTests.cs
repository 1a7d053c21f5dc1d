using System.Net;
using System.Net.Sockets;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Deployment;

/// <summary>Readiness follows the scheduler's check-ins with the cluster, not only whether the database answers.</summary>
[Collection(SerialCollection.Name)]
public sealed class ReadinessTests
{
    [PostgresFact]
    public async Task A_worker_whose_scheduler_stopped_checking_in_is_not_ready_but_still_live()
    {
        await using var db = await Database.CreateAsync();
        var port = FreePort();
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

    /// <summary>Asks until the endpoint gives <paramref name="expected"/> or 60 s pass; returns the last status.</summary>
    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, int port, string path, HttpStatusCode expected, WorkerProcess worker)
    {
        var status = (HttpStatusCode)0;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && status != expected; await Task.Delay(250))
        {
            Assert.False(worker.HasExited, string.Join('\n', worker.Output));
            try
            {
                status = (await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"))).StatusCode;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        return status;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
