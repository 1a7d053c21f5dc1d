using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Decoded feed text in, <see cref="ParsedFeed"/> out. The document is parsed once; FeedReader's
/// format classes read that same tree and find the items; <see cref="FeedItemReader"/> reads each
/// item element. Where FeedReader finds no items
/// although the document has item or entry elements (RSS 1.0 with prefixed elements, as Atypon
/// journals publish), the elements are taken directly.
/// </summary>
public sealed class FeedDocumentParser(IOptions<ParsingOptions> options)
{
    private readonly ParsingOptions _options = options.Value;

    public ParsedFeed Parse(string text, Uri? baseUri)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FeedParseException(FeedParseErrorKind.Empty, "document is empty");
        }

        var prepared = XmlPreparer.Prepare(text);
        // One parse tree per document: ours, handed to FeedReader's format parser.
        var root = LoadRoot(prepared);
        var feed = ReadWithFeedReader(prepared, root);
        var format = feed is null || feed.Type == FeedType.Unknown ? null : FormatName(feed.Type, root);
        if (format is null)
        {
            format = DetectFormat(root) ?? throw new FeedParseException(FeedParseErrorKind.NotAFeed, $"not a feed: root element <{root.Name.LocalName}> is not RSS, RDF, Atom or CDF");
            feed = null;
        }

        var documentBase = FeedItemReader.ResolveXmlBase(root, baseUri);
        var elements = ItemElements(feed, root, format == "cdf");
        var items = elements.Select(e => FeedItemReader.Read(e, documentBase, _options)).ToList();
        var dropped = 0;
        if (items.Count > _options.MaxItemsPerFetch)
        {
            dropped = items.Count - _options.MaxItemsPerFetch;
            var newest = items.Select((item, index) => (item, index))
                .OrderByDescending(p => p.item.Published ?? DateTimeOffset.MaxValue)
                .ThenBy(p => p.index)
                .Take(_options.MaxItemsPerFetch)
                .OrderBy(p => p.index)
                .Select(p => p.item)
                .ToList();
            items = newest;
        }

        var channel = ChannelElement(root);
        var title = feed?.Title ?? FeedItemReader.ReadTitle(channel);
        var link = feed?.Link ?? channel.Elements().FirstOrDefault(e => e.Name.LocalName == "link")?.Value;
        return new ParsedFeed(format, HtmlContent.ToPlainText(title), FeedItemReader.Absolutise(link?.Trim(), documentBase), ItemKeys.Assign(items))
        {
            DroppedItems = dropped,
            Ttl = ReadTtl(channel),
        };
    }

    /// <summary>
    /// FeedReader's reading of an already parsed document, for the formats it knows; null where it
    /// rejects the shape (prefixed RSS, CDF, RSS without a version), which we then read ourselves.
    /// </summary>
    private static Feed? ReadWithFeedReader(string prepared, XElement root)
    {
        var name = root.Name.LocalName;
        var version = (string?)root.Attribute("version");
        var channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        try
        {
            BaseFeed? specific =
                name.Equals("feed", StringComparison.OrdinalIgnoreCase) ? new AtomFeed(prepared, root)
                : name.Equals("rdf", StringComparison.OrdinalIgnoreCase) ? new Rss10Feed(prepared, channel)
                : !name.Equals("rss", StringComparison.OrdinalIgnoreCase) || version is null ? null
                : version.Equals("0.91", StringComparison.OrdinalIgnoreCase) ? new Rss091Feed(prepared, channel)
                : version.Equals("0.92", StringComparison.OrdinalIgnoreCase) ? new Rss092Feed(prepared, channel)
                : new Rss20Feed(prepared, channel);
            return specific?.ToFeed();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _ = ex;
            return null; // FeedReader rejects some valid shapes; we look ourselves
        }
    }
    private static List<XElement> ItemElements(Feed? feed, XElement root, bool cdf)
    {
        var fromReader = feed?.Items.Select(i => i.SpecificItem?.Element).OfType<XElement>().ToList() ?? [];
        // Every item in document order, nested ones included: publishers who nest items illegally
        // still mean each of them (feedparser reads them the same way).
        var direct = root.Descendants().Where(e => IsItemElement(e, cdf)).ToList();
        return direct.Count > fromReader.Count ? direct : fromReader;
    }

    private static bool IsItemElement(XElement e, bool cdf) =>
        e.Name.LocalName == "item"
        || (cdf && e.Name.LocalName.Equals("item", StringComparison.OrdinalIgnoreCase))
        || (e.Name.LocalName == "entry" && (e.Name.Namespace == FeedNamespaces.Atom10 || e.Name.Namespace == FeedNamespaces.Atom03));

    private static XElement LoadRoot(string prepared)
    {
        try
        {
            return XDocument.Parse(prepared).Root ?? throw new FeedParseException(FeedParseErrorKind.NotAFeed, "not a feed: document has no root element");
        }
        catch (XmlException ex)
        {
            throw Malformed(ex);
        }
    }

    private static string? DetectFormat(XElement root) => root.Name.LocalName switch
    {
        "rss" => (string?)root.Attribute("version") is { Length: > 0 } v ? "rss" + v : "rss",
        "RDF" => root.Elements().Any(e => e.Name.Namespace == FeedNamespaces.Rss090) ? "rss0.90" : "rss1.0",
        "feed" => root.Name.Namespace == FeedNamespaces.Atom03 ? "atom0.3" : "atom1.0",
        var name when name.Equals("channel", StringComparison.OrdinalIgnoreCase) => "cdf",
        _ => null,
    };

    private static FeedParseException Malformed(XmlException ex) =>
        new(FeedParseErrorKind.Malformed, $"XML is not well-formed at line {ex.LineNumber}, position {ex.LinePosition}: {FirstLine(ex.Message)}", ex);

    private static XElement ChannelElement(XElement root) =>
        root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel") ?? root;

    private static TimeSpan? ReadTtl(XElement channel)
    {
        var ttl = channel.Elements().FirstOrDefault(e => e.Name.LocalName == "ttl")?.Value;
        return int.TryParse(ttl, out var minutes) && minutes is > 0 and < 100_000 ? TimeSpan.FromMinutes(minutes) : null;
    }

    private static string FormatName(FeedType type, XElement root) => type switch
    {
        FeedType.Atom => root.Name.Namespace == FeedNamespaces.Atom03 ? "atom0.3" : "atom1.0",
        FeedType.Rss_0_91 => "rss0.91",
        FeedType.Rss_0_92 => "rss0.92",
        FeedType.Rss_1_0 => root.Elements().Any(e => e.Name.Namespace == FeedNamespaces.Rss090) ? "rss0.90" : "rss1.0",
        FeedType.Rss_2_0 or FeedType.MediaRss => "rss2.0",
        FeedType.Rss => "rss",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
