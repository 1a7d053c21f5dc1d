using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using ImmunoWatch.Sources;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// A test fetch of a would-be source: fetched, parsed and processed (tagged) as a poll would, stored
/// nowhere, so an admin sees what it would bring before adding it. A ClinicalTrials.gov query reads
/// its first page of ten; a PubMed search says how many records match.
/// </summary>
public sealed class SourceTrial(FeedFetcher fetcher, FeedDocumentParser feeds, CtGovParser trials, ItemProcessor processor, IOptions<PubMedOptions> pubMed)
{
    /// <summary>What a test fetch found: the document (title, format, items) and the items as they would be stored (tags), or why it failed.</summary>
    public sealed record Outcome(ParsedFeed? Feed, IReadOnlyList<ProcessedItem> Items, string? Error);

    public async Task<Outcome> TryAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var isTrials = CtGovQuery.IsApiUrl(url);
        var isPubMed = PubMedQuery.IsSearchUrl(url);
        var request = isTrials ? CtGovQuery.PageUrl(url, 10, null, null) : isPubMed ? PubMedQuery.SearchUrl(url, 0, 10, null, pubMed.Value.Credentials()) : url;
        var fetched = await fetcher.FetchAsync(new FetchRequest(request, null, null), cancellationToken);
        if (fetched.Error is { } error)
        {
            return new Outcome(null, [], error.ToString());
        }

        try
        {
            var text = FeedDecoder.Decode(fetched.Body, fetched.Charset);
            if (isPubMed)
            {
                // The search is the test: how many records match (articles are fetched when it is polled).
                var found = PubMedParser.ParseSearch(text);
                return new Outcome(new ParsedFeed(PubMedParser.Format, $"PubMed: {found.Count} records match", null, []), [], null);
            }

            var feed = isTrials ? trials.Parse(text) : feeds.Parse(text, fetched.FinalUrl ?? url);
            return new Outcome(feed, processor.Process(feed.Items), null);
        }
        catch (FeedParseException ex)
        {
            return new Outcome(null, [], $"Parse.{ex.Kind}: {ex.Message}");
        }
    }
}
