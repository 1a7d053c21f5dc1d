using System.Diagnostics;
using System.Runtime.CompilerServices;
using ImmunoWatch.Fetching;
using ImmunoWatch.Telemetry;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// One request of an API pass: through the production fetcher (SSRF guard, deadlines, size cap),
/// inside the per-host limit, timed and traced like a feed fetch, no sooner after the previous
/// answer than the pause the API asks between requests.
/// </summary>
public sealed class ApiRequests(FeedFetcher fetcher, FetchLimiter limiter, PipelineTelemetry telemetry, TimeProvider time)
{
    /// <param name="url">The request.</param>
    /// <param name="pause">The least time since the previous request of the same pass was answered (rate limit); zero for none.</param>
    /// <param name="previous">When the previous request of the pass was answered (null for the first); updated.</param>
    /// <param name="cancellationToken">Cancels the wait and the fetch.</param>
    public async Task<FetchResult> FetchAsync(Uri url, TimeSpan pause, StrongBox<long?> previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(previous);
        if (previous.Value is { } last && pause > TimeSpan.Zero)
        {
            var wait = pause - time.GetElapsedTime(last);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }
        }

        using (await limiter.EnterAsync(url.Host, cancellationToken))
        {
            using var fetching = PipelineTelemetry.Activities.StartActivity("fetch");
            var started = Stopwatch.GetTimestamp();
            var fetched = await fetcher.FetchAsync(new FetchRequest(url, null, null), cancellationToken);
            telemetry.Fetched(Stopwatch.GetElapsedTime(started));
            fetching?.SetTag("http.response.status_code", fetched.StatusCode);
            // Counted from the answer, not the request: the publisher sees requests at least the pause apart, whatever the network's jitter.
            previous.Value = time.GetTimestamp();
            return fetched;
        }
    }
}
