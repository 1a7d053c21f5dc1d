using System.CommandLine;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// <c>immunowatch health [--ready] [--url URL]</c>: asks a running worker's liveness (or readiness)
/// endpoint and exits 0 when it answers 200, 1 otherwise. The container image's HEALTHCHECK uses it,
/// so the runtime image needs no curl or wget.
/// </summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var ready = new Option<bool>("--ready") { Description = "Ask /health/ready (database and scheduler) instead of /health/live." };
        var url = new Option<string?>("--url") { Description = "The worker's base URL. Default: the first of the Urls setting, with 0.0.0.0 or + read as 127.0.0.1." };
        var command = new Command("health", "Check a running worker's health endpoint (exit 0 when healthy).") { ready, url };
        command.SetAction(async (result, cancellationToken) =>
        {
            var configured = CliHost.BuildConfiguration()["Urls"] ?? "http://127.0.0.1:8080";
            var baseUrl = result.GetValue(url) ?? LocalUrl(configured.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0]);
            var target = new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), result.GetValue(ready) ? "health/ready" : "health/live");
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await client.GetAsync(target, cancellationToken);
                Console.WriteLine($"{target}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Console.Error.WriteLineAsync($"error: {target}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static string LocalUrl(string url) =>
        url.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
           .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
           .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
           .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
}
