using System.Collections.Concurrent;
using System.Diagnostics;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Telemetry;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>A poll is one trace: a "poll" span with its fetch, parse, process and store steps inside, tagged with the source and the outcome.</summary>
[Collection(SerialCollection.Name)]
public sealed class PollTraceTests
{
    [PostgresFact]
    public async Task A_poll_is_one_span_with_fetch_parse_process_and_store_inside()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("t", ("1", "PD-1 blockade in melanoma"))));
        await using var db = await Database.CreateAsync(TestServices.Loopback(server));
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = server.Url("/traced.rss").ToString(), Name = "traced" }, CancellationToken.None);
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var result = await db.Get<PollingService>().PollAsync(all: false, id, CancellationToken.None);

        Assert.Equal(1, result.Ok);
        var poll = Assert.Single(spans, s => s.OperationName == "poll" && Equals(s.GetTagItem("immunowatch.source.id"), id));
        Assert.Equal("ok", poll.GetTagItem("immunowatch.poll.outcome"));
        var steps = spans.Where(s => s.ParentSpanId == poll.SpanId).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName).ToList();
        Assert.Equal(["fetch", "parse", "process", "store"], steps);
        Assert.All(spans.Where(s => s.ParentSpanId == poll.SpanId), s => Assert.Equal(poll.TraceId, s.TraceId));
    }
}
