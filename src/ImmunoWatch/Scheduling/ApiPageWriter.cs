using System.Diagnostics;
using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using ImmunoWatch.Storage;
using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>Processes and stores one page of an API pass, extending the pass's claim with it.</summary>
public sealed class ApiPageWriter(ItemProcessor processor, FetchStateStore fetchState, StoreLimiter storeLimiter, IOptions<PollingOptions> polling, PipelineTelemetry telemetry, TimeProvider time)
{
    private readonly TimeSpan _lease = polling.Value.Lease;

    /// <exception cref="ClaimLostException">The claim lapsed and another poll holds the source: nothing was stored.</exception>
    public async Task<IngestCounts> WriteAsync(ClaimedSource source, IReadOnlyList<ParsedItem> items, CancellationToken cancellationToken)
    {
        IReadOnlyList<ProcessedItem> processed;
        using (PipelineTelemetry.Activities.StartActivity("process"))
        {
            processed = processor.Process(items);
        }

        using var storing = PipelineTelemetry.Activities.StartActivity("store");
        var started = Stopwatch.GetTimestamp();
        var now = time.GetUtcNow();
        var counts = await storeLimiter.RunAsync(() => fetchState.RecordPageAsync(source, processed, now, now + _lease, cancellationToken), cancellationToken);
        telemetry.Ingested(Stopwatch.GetElapsedTime(started));
        return counts;
    }
}
