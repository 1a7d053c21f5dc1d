using System.Globalization;
using System.Text;
using System.Xml;
using ImmunoWatch.Parsing;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// A deterministic farm of N feed files built from the shapes of the shared corpus: every third feed
/// is RSS 2.0, RSS 1.0 or Atom, with 20-100 items each whose titles, links, summaries and identifiers
/// come from the real corpus feeds (so the same study appears in several feeds, as it does in life).
/// The same N and seed always give the same bytes.
/// </summary>
internal sealed class FeedFarm
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IReadOnlyList<ParsedItem> _pool;
    private readonly string _root;

    private FeedFarm(string root, IReadOnlyList<ParsedItem> pool, int count, int hosts)
    {
        _root = root;
        _pool = pool;
        Count = count;
        Hosts = hosts;
    }

    public int Count { get; }

    public int Hosts { get; }

    public string FeedsDirectory => Path.Combine(_root, "feeds");

    /// <summary>Items across all feeds as first written.</summary>
    public int Items { get; private set; }

    public static FeedFarm Create(string root, int count, int hosts, string corpusDirectory)
    {
        var farm = new FeedFarm(root, LoadPool(corpusDirectory), count, hosts);
        Directory.CreateDirectory(farm.FeedsDirectory);
        for (var feed = 0; feed < count; feed++)
        {
            farm.Items += farm.Write(feed, generation: 0);
        }

        return farm;
    }

    /// <summary>The feed's URL on the loopback farm: feeds are spread over <see cref="Hosts"/> loopback addresses.</summary>
    public string Url(int feed, int port) => string.Create(CultureInfo.InvariantCulture, $"http://{Host(feed)}:{port}/feeds/{feed}.xml");

    public static string HostAddress(int host) => string.Create(CultureInfo.InvariantCulture, $"127.0.0.{host + 1}");

    /// <summary>Rewrites every tenth feed with five new items in front (and the five oldest gone): new bytes, new validators.</summary>
    /// <returns>The number of feeds changed.</returns>
    public int ChangeTenPercent(int generation)
    {
        var changed = 0;
        for (var feed = 0; feed < Count; feed += 10)
        {
            Write(feed, generation);
            changed++;
        }

        return changed;
    }

    public void WriteOpml(string path, int port)
    {
        using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true });
        writer.WriteStartElement("opml");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteStartElement("head");
        writer.WriteElementString("title", "ImmunoWatch benchmark farm");
        writer.WriteEndElement();
        writer.WriteStartElement("body");
        for (var feed = 0; feed < Count; feed++)
        {
            writer.WriteStartElement("outline");
            writer.WriteAttributeString("type", "rss");
            writer.WriteAttributeString("text", string.Create(CultureInfo.InvariantCulture, $"Farm feed {feed}"));
            writer.WriteAttributeString("xmlUrl", Url(feed, port));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    public void WriteUrlList(string path, int port) =>
        File.WriteAllLines(path, Enumerable.Range(0, Count).Select(feed => Url(feed, port)));

    private string Host(int feed) => HostAddress(feed % Hosts);

    private int Write(int feed, int generation)
    {
        var random = new Random(feed * 7919 + 17);
        var itemCount = 20 + random.Next(81);
        var picks = Enumerable.Range(0, itemCount + 5 * generation).Select(_ => random.Next(_pool.Count)).ToArray();
        // Generation g shows the newest itemCount of them: 5g new items on top, the 5g oldest gone.
        var shown = Enumerable.Range(0, itemCount).Select(i => (Serial: itemCount + 5 * generation - 1 - i, Item: _pool[picks[itemCount + 5 * generation - 1 - i]])).ToList();
        var path = Path.Combine(FeedsDirectory, string.Create(CultureInfo.InvariantCulture, $"{feed}.xml"));
        using (var stream = File.Create(path))
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
        {
            switch (feed % 3)
            {
                case 0: WriteRss2(writer, feed, shown); break;
                case 1: WriteRss1(writer, feed, shown); break;
                default: WriteAtom(writer, feed, shown); break;
            }
        }

        return shown.Count;
    }

    private static string Guid(int feed, int serial) => string.Create(CultureInfo.InvariantCulture, $"urn:farm:{feed}:{serial}");

    private static DateTimeOffset Published(int serial) => Epoch.AddHours(serial);

    private static void WriteRss2(XmlWriter writer, int feed, List<(int Serial, ParsedItem Item)> items)
    {
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", string.Create(CultureInfo.InvariantCulture, $"Farm feed {feed}"));
        writer.WriteElementString("link", "https://example.org/");
        writer.WriteElementString("description", "Benchmark farm");
        foreach (var (serial, item) in items)
        {
            writer.WriteStartElement("item");
            writer.WriteElementString("title", item.Title);
            if (item.Link is not null)
            {
                writer.WriteElementString("link", item.Link);
            }

            writer.WriteStartElement("guid");
            writer.WriteAttributeString("isPermaLink", "false");
            writer.WriteString(Guid(feed, serial));
            writer.WriteEndElement();
            writer.WriteElementString("pubDate", Published(serial).ToString("r", CultureInfo.InvariantCulture));
            writer.WriteElementString("description", item.SummaryHtml);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteRss1(XmlWriter writer, int feed, List<(int Serial, ParsedItem Item)> items)
    {
        const string rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        const string rss = "http://purl.org/rss/1.0/";
        const string dc = "http://purl.org/dc/elements/1.1/";
        writer.WriteStartElement("rdf", "RDF", rdf);
        writer.WriteAttributeString("xmlns", "", null, rss);
        writer.WriteAttributeString("xmlns", "dc", null, dc);
        writer.WriteStartElement("channel", rss);
        writer.WriteAttributeString("about", rdf, "https://example.org/");
        writer.WriteElementString("title", rss, string.Create(CultureInfo.InvariantCulture, $"Farm feed {feed}"));
        writer.WriteElementString("link", rss, "https://example.org/");
        writer.WriteElementString("description", rss, "Benchmark farm");
        writer.WriteEndElement();
        foreach (var (serial, item) in items)
        {
            writer.WriteStartElement("item", rss);
            writer.WriteAttributeString("about", rdf, item.Link ?? Guid(feed, serial));
            writer.WriteElementString("title", rss, item.Title);
            writer.WriteElementString("link", rss, item.Link ?? Guid(feed, serial));
            writer.WriteElementString("description", rss, item.SummaryHtml);
            writer.WriteElementString("date", dc, Published(serial).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteElementString("identifier", dc, Guid(feed, serial));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteAtom(XmlWriter writer, int feed, List<(int Serial, ParsedItem Item)> items)
    {
        const string atom = "http://www.w3.org/2005/Atom";
        writer.WriteStartElement("feed", atom);
        writer.WriteElementString("title", atom, string.Create(CultureInfo.InvariantCulture, $"Farm feed {feed}"));
        writer.WriteElementString("id", atom, string.Create(CultureInfo.InvariantCulture, $"urn:farm:{feed}"));
        writer.WriteElementString("updated", atom, Published(items[0].Serial).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        foreach (var (serial, item) in items)
        {
            writer.WriteStartElement("entry", atom);
            writer.WriteElementString("title", atom, item.Title);
            writer.WriteElementString("id", atom, Guid(feed, serial));
            if (item.Link is not null)
            {
                writer.WriteStartElement("link", atom);
                writer.WriteAttributeString("href", item.Link);
                writer.WriteEndElement();
            }

            writer.WriteElementString("updated", atom, Published(serial).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteStartElement("summary", atom);
            writer.WriteAttributeString("type", "html");
            writer.WriteString(item.SummaryHtml);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    /// <summary>Every item of the corpus's real feeds that has a title, read by the production parser.</summary>
    private static List<ParsedItem> LoadPool(string corpusDirectory)
    {
        var parser = new FeedDocumentParser(Options.Create(new ParsingOptions()));
        var pool = new List<ParsedItem>();
        foreach (var file in Directory.EnumerateFiles(corpusDirectory, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try
            {
                var feed = parser.Parse(FeedDecoder.Decode(File.ReadAllBytes(file), null), new Uri("https://example.org/"));
                pool.AddRange(feed.Items.Where(i => i.Title.Length > 0 && (i.Link is null || i.Link.StartsWith("http", StringComparison.Ordinal))));
            }
            catch (FeedParseException)
            {
                // not a feed (the corpus keeps a few on purpose)
            }
        }

        return pool.Count > 0 ? pool : throw new InvalidOperationException($"no feed items found under {corpusDirectory}");
    }
}
