using System.Globalization;
using System.Runtime.CompilerServices;
using ImmunoWatch.Parsing;
using ImmunoWatch.Sources;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// One pass over a PubMed search through E-utilities: esearch pages of PMIDs (newest first; the
/// first pass takes only the newest <see cref="PubMedOptions.FirstPassMax"/>, later passes every
/// record added since the last complete pass began, a day of overlap), then efetch of those PMIDs in
/// batches, each batch parsed, processed and stored on its own. Requests keep to NCBI's rate
/// (three a second, ten with an API key). Failures stop the pass with their reason; batches stored
/// stay, and the cursor moves only when the pass completes.
/// </summary>
public sealed class PubMedPass(ApiRequests requests, PubMedParser parser, ApiPageWriter writer, IOptions<PubMedOptions> options, IOptions<ApiPagingOptions> paging, TimeProvider time)
{
    private readonly PubMedOptions _options = options.Value;
    private readonly int _maxPages = paging.Value.MaxPagesPerPass;

    public async Task<ApiPassResult> RunAsync(ClaimedSource source, Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(url);
        var passStarted = time.GetUtcNow();
        DateOnly? addedSince = DateOnly.TryParseExact(source.SyncCursor, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var cursor) ? cursor.AddDays(-1) : null;
        var limit = addedSince is null ? _options.FirstPassMax : int.MaxValue;
        var pause = TimeSpan.FromSeconds(1.0 / _options.RequestsPerSecond);
        var previous = new StrongBox<long?>(null);
        var credentials = _options.Credentials().ToList();

        // 1. esearch: the PMIDs of the pass.
        var pmids = new List<string>();
        for (var page = 1; pmids.Count < limit; page++)
        {
            if (page > _maxPages)
            {
                return ApiPassResult.Failed(0, 0, "TooManyPages", $"{url.Host}: more than {_maxPages} esearch pages (ApiPaging:MaxPagesPerPass); narrow the term");
            }

            var size = Math.Min(_options.BatchSize, limit - pmids.Count);
            var fetched = await requests.FetchAsync(PubMedQuery.SearchUrl(url, pmids.Count, size, addedSince, credentials), pause, previous, cancellationToken);
            if (fetched.Error is { } error)
            {
                return ApiPassResult.Failed(0, 0, error.Kind.ToString(), $"esearch page {page}: {error.Message}", fetched.StatusCode, fetched.RetryAfter);
            }

            PubMedSearchPage found;
            try
            {
                found = PubMedParser.ParseSearch(FeedDecoder.Decode(fetched.Body, fetched.Charset));
            }
            catch (FeedParseException ex)
            {
                return ApiPassResult.Failed(0, 0, $"Parse.{ex.Kind}", $"{url.Host} esearch page {page}: {ex.Message}", fetched.StatusCode);
            }

            pmids.AddRange(found.Pmids.Where(id => !pmids.Contains(id)));
            if (found.Pmids.Count == 0 || pmids.Count >= found.Count)
            {
                break;
            }
        }

        // 2. efetch in batches: each batch stored on its own.
        var (itemsNew, itemsUpdated) = (0, 0);
        foreach (var (batch, index) in pmids.Chunk(_options.BatchSize).Select((b, i) => (b, i + 1)))
        {
            var fetched = await requests.FetchAsync(PubMedQuery.FetchUrl(url, batch, credentials), pause, previous, cancellationToken);
            if (fetched.Error is { } error)
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, error.Kind.ToString(), $"efetch batch {index}: {error.Message}", fetched.StatusCode, fetched.RetryAfter);
            }

            ParsedFeed articles;
            try
            {
                using var parsing = Telemetry.PipelineTelemetry.Activities.StartActivity("parse");
                articles = parser.ParseArticles(FeedDecoder.Decode(fetched.Body, fetched.Charset));
            }
            catch (FeedParseException ex)
            {
                return ApiPassResult.Failed(itemsNew, itemsUpdated, $"Parse.{ex.Kind}", $"{url.Host} efetch batch {index}: {ex.Message}", fetched.StatusCode);
            }

            var counts = await writer.WriteAsync(source, articles.Items, cancellationToken);
            (itemsNew, itemsUpdated) = (itemsNew + counts.New, itemsUpdated + counts.Updated);
        }

        return new ApiPassResult(itemsNew, itemsUpdated, passStarted.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
    }
}
