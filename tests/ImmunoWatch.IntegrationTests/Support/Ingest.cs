using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>What storage tests need to hand a feed to the store as a poll would: a claimed source, a parsed document, processed items.</summary>
internal static class Ingest
{
    private static readonly FeedDocumentParser Parser = new(Microsoft.Extensions.Options.Options.Create(new ParsingOptions()));
    private static readonly ItemProcessor Processor = new(ItemTagger.Shipped);

    /// <summary>Adds a source and claims it (lease of five minutes).</summary>
    public static async Task<ClaimedSource> AddAndClaimAsync(Database db, string url)
    {
        var id = await db.Get<SourceStore>().AddAsync(new Source { Url = url, Name = url }, CancellationToken.None);
        return Assert.Single(await db.Get<FetchStateStore>().ClaimAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), 1, dueOnly: false, id, [], CancellationToken.None));
    }

    public static ParsedFeed Parse(string xml, string baseUrl = "https://example.org/") => Parser.Parse(xml, new Uri(baseUrl));

    /// <summary>A 200 whose items are the feed's, processed; next poll in an hour.</summary>
    public static SuccessfulPoll Poll(ParsedFeed feed) => new()
    {
        Items = Processor.Process(feed.Items),
        Status = 200,
        Now = DateTimeOffset.UtcNow,
        NextPollAt = DateTimeOffset.UtcNow.AddHours(1),
        Interval = TimeSpan.FromHours(1),
    };
}
