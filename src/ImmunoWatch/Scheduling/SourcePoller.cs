using System.Diagnostics;
using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using ImmunoWatch.Storage;
using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Polls one claimed source end to end: fetch, decode, parse, process, store, and schedule the
/// next poll. Every failure, of the publisher, of the feed or of the database, is recorded on the
/// source with a specific reason and never escapes to stop other sources. A result is recorded only
/// while the poll's claim on the source is still held.
/// </summary>
public sealed class SourcePoller(
    FeedFetcher fetcher,
    FeedDocumentParser parser,
    CtGovPass ctGov,
    PubMedPass pubMed,
    ItemProcessor processor,
    FetchStateStore fetchState,
    SourceStore sources,
    PollIntervalPolicy intervals,
    FetchLimiter fetchLimiter,
    StoreLimiter storeLimiter,
    NotModifiedRecorder notModifiedRecorder,
    IOptions<PollingOptions> options,
    TimeProvider time,
    PipelineTelemetry telemetry,
    ILogger<SourcePoller> logger)
{
    private readonly TimeSpan _lease = options.Value.Lease;

    public async Task<SourcePollResult> PollAsync(ClaimedSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var activity = PipelineTelemetry.Activities.StartActivity("poll");
        activity?.SetTag("immunowatch.source.id", source.Id);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SourceId"] = source.Id });
        var started = Stopwatch.GetTimestamp();
        var result = await PollGuardedAsync(source, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var errorKind = result.Error is { } error && result.Outcome == PollOutcome.Failed ? error.Split(':', 2)[0] : null;
        telemetry.Polled(OutcomeName(result.Outcome), errorKind, result.ItemsNew, result.ItemsUpdated, elapsed);
        activity?.SetTag("immunowatch.poll.outcome", OutcomeName(result.Outcome));
        if (result.Outcome == PollOutcome.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, errorKind);
            PollLog.PollFailed(logger, source.Id, source.Name, elapsed.TotalMilliseconds, result.Error);
        }
        else if (result.Outcome != PollOutcome.Skipped)
        {
            PollLog.Polled(logger, source.Id, source.Name, result.Outcome, result.ItemsNew, result.ItemsUpdated, elapsed.TotalMilliseconds);
        }

        return result;
    }

    private static string OutcomeName(PollOutcome outcome) => outcome switch
    {
        PollOutcome.Ok => "ok",
        PollOutcome.NotModified => "not_modified",
        PollOutcome.Failed => "failed",
        _ => "skipped",
    };

    private async Task<SourcePollResult> PollGuardedAsync(ClaimedSource source, CancellationToken cancellationToken)
    {
        try
        {
            return await PollCoreAsync(source, cancellationToken);
        }
        catch (ClaimLostException ex)
        {
            return Skipped(source, ex);
        }
        catch (NpgsqlException ex)
        {
            // The database failed mid-poll: nothing of this poll was committed (validators included).
            // The failure is recorded on the source with a backoff, if the database takes it.
            PollLog.DatabaseFailed(logger, source.Id, ex.IsTransient, ex.Message);
            try
            {
                return await FailAsync(source, "Database", ex.Message, null, null, null, cancellationToken);
            }
            catch (NpgsqlException again)
            {
                PollLog.FailureNotRecorded(logger, source.Id, again.Message);
                return new SourcePollResult(source.Id, PollOutcome.Failed, 0, 0, $"Database: {ex.Message}");
            }
            catch (ClaimLostException lost)
            {
                return Skipped(source, lost);
            }
        }
    }

    private async Task<SourcePollResult> PollCoreAsync(ClaimedSource source, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var url))
        {
            return await FailAsync(source, FetchErrorKind.InvalidUrl.ToString(), $"stored URL is not absolute: {source.Url}", null, null, null, cancellationToken);
        }

        if (Sources.CtGovQuery.IsApiUrl(url) || Sources.PubMedQuery.IsSearchUrl(url))
        {
            return await PollApiAsync(source, url, cancellationToken);
        }

        FetchResult fetched;
        TimeSpan fetchTime;
        using (await fetchLimiter.EnterAsync(url.Host, cancellationToken))
        {
            // A fetch that waited long for its slot renews its claim first, or gives the source up.
            var slotAt = time.GetUtcNow();
            if (slotAt - source.ClaimedAt > _lease / 2 && !await storeLimiter.RunAsync(() => fetchState.ExtendClaimAsync(source, slotAt + _lease, cancellationToken), cancellationToken))
            {
                throw new ClaimLostException(source.Id);
            }

            using var fetching = PipelineTelemetry.Activities.StartActivity("fetch");
            var fetchStarted = Stopwatch.GetTimestamp();
            fetched = await fetcher.FetchAsync(new FetchRequest(url, source.Etag, source.LastModified), cancellationToken);
            fetchTime = Stopwatch.GetElapsedTime(fetchStarted);
            telemetry.Fetched(fetchTime);
            fetching?.SetTag("http.response.status_code", fetched.StatusCode);
        }

        var now = time.GetUtcNow();
        if (fetched.Error is { } error)
        {
            var disable = error.Kind == FetchErrorKind.Gone ? "gone" : null;
            return await FailAsync(source, error.Kind.ToString(), error.Message, fetched.StatusCode, fetched.RetryAfter, disable, cancellationToken);
        }

        if (fetched.NotModified)
        {
            var interval = intervals.AfterSuccess(source.PollInterval, null, source.CurrentInterval, fetched.FreshFor, now);
            var notModified = new SuccessfulPoll
            {
                Etag = fetched.ETag ?? source.Etag,
                LastModified = fetched.LastModified ?? source.LastModified,
                StoreValidators = fetched.StoreValidators,
                Status = 304,
                Now = now,
                NextPollAt = now + interval,
                Interval = interval,
            };
            await notModifiedRecorder.RecordAsync(source, notModified, cancellationToken);
            return new SourcePollResult(source.Id, PollOutcome.NotModified, 0, 0, null) { Times = new StageTimes(fetchTime, default, default, default, default) };
        }

        ParsedFeed feed;
        var parseStarted = Stopwatch.GetTimestamp();
        try
        {
            using var parsing = PipelineTelemetry.Activities.StartActivity("parse");
            feed = parser.Parse(FeedDecoder.Decode(fetched.Body, fetched.Charset), fetched.FinalUrl ?? url);
        }
        catch (FeedParseException ex)
        {
            return await FailAsync(source, $"Parse.{ex.Kind}", $"{url.Host}: {ex.Message}", fetched.StatusCode, null, null, cancellationToken);
        }

        var parseTime = Stopwatch.GetElapsedTime(parseStarted);
        if (feed.DroppedItems > 0)
        {
            PollLog.ItemsDropped(logger, source.Id, feed.DroppedItems);
        }

        var movedTo = fetched.PermanentRedirect?.ToString();
        if (movedTo is not null && movedTo != source.Url && await storeLimiter.RunAsync(() => sources.FindByUrlAsync(movedTo, cancellationToken), cancellationToken) is { } other)
        {
            return await FailAsync(source, "DuplicateFeed", $"{url.Host}: permanently redirects to {movedTo}, which is source #{other.Id} ({other.Name}); not merged", fetched.StatusCode, null, null, cancellationToken);
        }

        var next = intervals.AfterSuccess(source.PollInterval, feed, source.CurrentInterval, fetched.FreshFor, now);
        IReadOnlyList<ProcessedItem> processed;
        var processStarted = Stopwatch.GetTimestamp();
        using (PipelineTelemetry.Activities.StartActivity("process"))
        {
            processed = processor.Process(feed.Items);
        }

        var processTime = Stopwatch.GetElapsedTime(processStarted);

        using var storing = PipelineTelemetry.Activities.StartActivity("store");
        var storeStarted = Stopwatch.GetTimestamp();
        var success = new SuccessfulPoll
        {
            Items = processed,
            Etag = fetched.ETag,
            LastModified = fetched.LastModified,
            StoreValidators = fetched.StoreValidators,
            Status = fetched.StatusCode ?? 200,
            MovedTo = movedTo,
            Now = now,
            NextPollAt = now + next,
            Interval = next,
        };
        var storeSlotAt = 0L;
        var counts = await storeLimiter.RunAsync(() =>
        {
            storeSlotAt = Stopwatch.GetTimestamp();
            return fetchState.RecordSuccessAsync(source, success, cancellationToken);
        }, cancellationToken);
        var storeTime = Stopwatch.GetElapsedTime(storeSlotAt);
        telemetry.Ingested(storeTime);
        var times = new StageTimes(fetchTime, parseTime, processTime, Stopwatch.GetElapsedTime(storeStarted, storeSlotAt), storeTime);
        return new SourcePollResult(source.Id, PollOutcome.Ok, counts.New, counts.Updated, null) { Times = times };
    }

    /// <summary>A ClinicalTrials.gov query or a PubMed search: one pass (<see cref="CtGovPass"/>, <see cref="PubMedPass"/>), then the outcome recorded.</summary>
    private async Task<SourcePollResult> PollApiAsync(ClaimedSource source, Uri url, CancellationToken cancellationToken)
    {
        var pass = Sources.CtGovQuery.IsApiUrl(url)
            ? await ctGov.RunAsync(source, url, cancellationToken)
            : await pubMed.RunAsync(source, url, cancellationToken);
        if (pass.Failure is { } failure)
        {
            return await FailAsync(source, failure.Kind, failure.Message, failure.Status, failure.RetryAfter, null, cancellationToken);
        }

        var finished = time.GetUtcNow();
        var next = intervals.AfterSuccess(source.PollInterval, null, source.CurrentInterval, null, finished);
        var passed = new SuccessfulPoll
        {
            Status = 200,
            Now = finished,
            NextPollAt = finished + next,
            Interval = next,
            SyncCursor = pass.Cursor,
        };
        await storeLimiter.RunAsync(() => fetchState.RecordSuccessAsync(source, passed, cancellationToken), cancellationToken);
        return new SourcePollResult(source.Id, PollOutcome.Ok, pass.ItemsNew, pass.ItemsUpdated, null);
    }

    private SourcePollResult Skipped(ClaimedSource source, ClaimLostException lost)
    {
        PollLog.ClaimLost(logger, source.Id, lost.Message);
        return new SourcePollResult(source.Id, PollOutcome.Skipped, 0, 0, lost.Message);
    }

    private async Task<SourcePollResult> FailAsync(ClaimedSource source, string kind, string message, int? status, TimeSpan? retryAfter, string? disableReason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wait = intervals.AfterFailure(source.PollInterval, source.ConsecutiveErrors + 1, retryAfter);
        if (!await storeLimiter.RunAsync(() => fetchState.RecordFailureAsync(source, kind, message, status, now, now + wait, disableReason, cancellationToken), cancellationToken))
        {
            throw new ClaimLostException(source.Id);
        }

        return new SourcePollResult(source.Id, PollOutcome.Failed, 0, 0, $"{kind}: {message}");
    }
}
