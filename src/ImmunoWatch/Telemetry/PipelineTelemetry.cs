using System.Diagnostics;
using System.Diagnostics.Metrics;
using ImmunoWatch.Storage;

namespace ImmunoWatch.Telemetry;

/// <summary>
/// ImmunoWatch's own numbers (meter and activity source "ImmunoWatch"): polls by outcome and error
/// kind, items new and updated, fetch, ingest and poll durations, digests by outcome, sources overdue and
/// outbox rows by state (from the database, refreshed by the worker); and a trace per poll
/// with its fetch, parse, process and store steps. Exported by the worker (OpenTelemetry: Prometheus
/// on /metrics, OTLP when configured).
/// </summary>
public sealed class PipelineTelemetry
{
    public const string Name = "ImmunoWatch";

    /// <summary>Spans of a poll (poll, fetch, parse, process, store) and of a digest run.</summary>
    public static readonly ActivitySource Activities = new(Name);

    private readonly Counter<long> _polls;
    private readonly Counter<long> _items;
    private readonly Histogram<double> _fetchDuration;
    private readonly Histogram<double> _pollDuration;
    private readonly Histogram<double> _ingestDuration;
    private readonly Counter<long> _digests;
    private OperationalCounts _counts = new(0, new Dictionary<string, long>());

    public PipelineTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _polls = meter.CreateCounter<long>("immunowatch.polls", "{poll}", "Polls of sources, by outcome (ok, not_modified, failed, skipped) and error kind");
        _items = meter.CreateCounter<long>("immunowatch.items", "{item}", "Items stored, by change (new, updated)");
        _fetchDuration = meter.CreateHistogram<double>("immunowatch.fetch.duration", "s", "Time to fetch one source (HTTP, redirects and body)");
        _pollDuration = meter.CreateHistogram<double>("immunowatch.poll.duration", "s", "Time to poll one source end to end (fetch, parse, process, store)");
        _ingestDuration = meter.CreateHistogram<double>("immunowatch.ingest.duration", "s", "Time to store one fetch's items (the database part of a poll)");
        _digests = meter.CreateCounter<long>("immunowatch.digests", "{digest}", "Digest deliveries, by outcome (sent, empty, retry, failed, unknown)");
        meter.CreateObservableGauge("immunowatch.sources.overdue", () => Volatile.Read(ref _counts).SourcesOverdue, "{source}", "Enabled sources whose poll is late and not in progress");
        meter.CreateObservableGauge("immunowatch.outbox.rows", ObserveOutbox, "{row}", "Digest outbox rows by state (unknown and failed need an admin)");
    }

    private static readonly string[] OutboxStates = ["pending", "claimed", "transmitting", "sent", "failed", "unknown", "empty"];

    /// <summary>The latest database counts, which the gauges report until the next refresh.</summary>
    public void Observe(OperationalCounts counts) => Volatile.Write(ref _counts, counts);

    private IEnumerable<Measurement<long>> ObserveOutbox()
    {
        var counts = Volatile.Read(ref _counts);
        return OutboxStates.Select(state => new Measurement<long>(counts.OutboxByState.GetValueOrDefault(state), new KeyValuePair<string, object?>("state", state)));
    }

    public void Polled(string outcome, string? errorKind, int itemsNew, int itemsUpdated, TimeSpan elapsed)
    {
        _polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("error.kind", errorKind ?? ""));
        if (itemsNew > 0)
        {
            _items.Add(itemsNew, new KeyValuePair<string, object?>("change", "new"));
        }

        if (itemsUpdated > 0)
        {
            _items.Add(itemsUpdated, new KeyValuePair<string, object?>("change", "updated"));
        }

        _pollDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void Fetched(TimeSpan elapsed) => _fetchDuration.Record(elapsed.TotalSeconds);

    public void Ingested(TimeSpan elapsed) => _ingestDuration.Record(elapsed.TotalSeconds);

    public void Delivered(string outcome) => _digests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
