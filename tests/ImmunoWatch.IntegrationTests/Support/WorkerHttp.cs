using System.Net;
using System.Net.Sockets;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>Talking to a worker process's HTTP endpoints: a port for it to listen on, and waiting for it to answer.</summary>
internal static class WorkerHttp
{
    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Asks <paramref name="url"/> every quarter second until <paramref name="done"/> accepts the answer
    /// or <paramref name="timeout"/> passes (a worker still starting refuses connections); fails the
    /// test at once if the worker exits. Returns the last status and body.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body)> WaitAsync(HttpClient http, Uri url, WorkerProcess worker, Func<HttpStatusCode, string, bool> done, TimeSpan timeout)
    {
        var last = ((HttpStatusCode)0, "");
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            Assert.False(worker.HasExited, "the worker exited:\n" + string.Join('\n', worker.Output));
            try
            {
                using var response = await http.GetAsync(url);
                last = (response.StatusCode, await response.Content.ReadAsStringAsync());
                if (done(last.Item1, last.Item2))
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        return last;
    }
}
