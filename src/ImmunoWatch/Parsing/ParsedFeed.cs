namespace ImmunoWatch.Parsing;

/// <summary>A feed document after decoding, parsing and normalisation: what the rest of the pipeline sees.</summary>
public sealed record ParsedFeed(string Format, string Title, string? Link, IReadOnlyList<ParsedItem> Items)
{
    /// <summary>Items dropped because the document had more than the per-fetch cap.</summary>
    public int DroppedItems { get; init; }

    /// <summary>The publisher's own refresh hint (RSS &lt;ttl&gt;), if any.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>For a page of a paged API (ClinicalTrials.gov v2): the token of the next page, null on the last.</summary>
    public string? NextPageToken { get; init; }
}
