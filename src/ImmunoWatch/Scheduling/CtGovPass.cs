using System.Globalization;
using System.Runtime.CompilerServices;
using ImmunoWatch.Parsing;
using ImmunoWatch.Sources;
using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// One pass over a ClinicalTrials.gov API v2 query: pages followed by their nextPageToken, each page
/// parsed, processed and stored on its own (the claim extended with it), a pause between pages.
/// After the first complete pass, a pass asks only for studies updated since the last one began
/// (less an overlap, as the API filters by the day a change was posted). A failing page stops the
/// pass with its reason; the pages before it stay stored, and the cursor moves only when a pass
/// completes. A page token handed back twice, or more pages than the cap, stops the pass too.
/// </summary>
public sealed class CtGovPass(
    ApiRequests requests,
    CtGovParser parser,
    ApiPageWriter writer,
    IOptions<ApiPagingOptions> paging,
    TimeProvider time)
{
    private readonly ApiPagingOptions _paging = paging.Value;

    public async Task<ApiPassResult> RunAsync(ClaimedSource source, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(url);
        var passStarted = time.GetUtcNow();
        DateOnly? updatedSince = DateOnly.TryParseExact(source.SyncCursor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var cursor)
            ? cursor.AddDays(-(int)Math.Ceiling(_paging.IncrementalOverlap.TotalDays))
            : null;
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var previous = new StrongBox<long?>(null);
        string? token = null;
        var (itemsNew, itemsUpdated) = (0, 0);
        for (var page = 1; ; page++)
        {
            var fetched = await requests.FetchAsync(CtGovQuery.PageUrl(url, _paging.PageSize, token, updatedSince), _paging.PageDelay, previous, cancellationToken);
            if (fetched.Error is { } error)
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, error.Kind.ToString(), $"page {page}: {error.Message}", fetched.StatusCode, fetched.RetryAfter);
            }

            ParsedFeed feed;
            try
            {
                using var parsing = PipelineTelemetry.Activities.StartActivity("parse");
                feed = parser.Parse(FeedDecoder.Decode(fetched.Body, fetched.Charset));
            }
            catch (FeedParseException ex)
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, $"Parse.{ex.Kind}", $"{url.Host} page {page}: {ex.Message}", fetched.StatusCode);
            }

            var counts = await writer.WriteAsync(source, feed.Items, cancellationToken);
            (itemsNew, itemsUpdated) = (itemsNew + counts.New, itemsUpdated + counts.Updated);
            token = feed.NextPageToken;
            if (token is null)
            {
                return new ApiPassResult(itemsNew, itemsUpdated, passStarted.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
            }

            if (!tokens.Add(token))
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, $"Parse.{FeedParseErrorKind.PagingLoop}", $"{url.Host} page {page}: the API handed back a page token it gave before; the pass stopped after {page} pages", fetched.StatusCode);
            }

            if (page >= _paging.MaxPagesPerPass)
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, "TooManyPages", $"{url.Host}: more than {_paging.MaxPagesPerPass} pages (ApiPaging:MaxPagesPerPass); narrow the query", fetched.StatusCode);
            }
        }
    }
}
