using System.Collections.Concurrent;
using System.Diagnostics;
using ImmunoWatch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Polls what is due: claims sources in batches ordered by next poll time and polls them with
/// bounded concurrency, until nothing due is left. Used by the scheduled tick and by
/// <c>immunowatch poll</c>; several processes can run it at once on one database.
/// </summary>
public sealed class PollingService(FetchStateStore fetchState, SourcePoller poller, IOptions<PollingOptions> options, TimeProvider time, ILogger<PollingService> logger)
{
    private readonly PollingOptions _options = options.Value;

    /// <param name="all">Poll every enabled source, due or not (each once).</param>
    /// <param name="sourceId">Poll only this source (whether due or not).</param>
    /// <param name="cancellationToken">Stops claiming new work; polls in flight end at their deadline.</param>
    public async Task<PollSummary> PollAsync(bool all, long? sourceId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var results = new ConcurrentBag<SourcePollResult>();
        var done = new List<long>();
        var dueOnly = !all && sourceId is null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await fetchState.ClaimAsync(time.GetUtcNow(), _options.Lease, _options.BatchSize, dueOnly, sourceId, done.ToArray(), cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            done.AddRange(batch.Select(s => s.Id));
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken }, async (source, token) =>
                results.Add(await poller.PollAsync(source, token)));
            if (sourceId is not null)
            {
                break;
            }
        }

        var summary = PollSummary.From(results, Stopwatch.GetElapsedTime(started));
        if (summary.Polled == 0)
        {
            PollLog.NothingDue(logger);
        }
        else
        {
            PollLog.RunFinished(logger, summary);
        }

        return summary;
    }
}
