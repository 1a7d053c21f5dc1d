using System.Xml;
using System.Xml.Linq;

namespace ImmunoWatch.Sources;

/// <summary>
/// OPML 2.0 subscription lists, the format feed readers exchange. ImmunoWatch's own settings
/// (kind, relevance mode, interval, paused and why) travel as attributes in their own namespace,
/// which other readers ignore.
/// </summary>
public static class OpmlDocument
{
    public static readonly XNamespace ImmunoWatchNs = "https://immunowatch.org/ns/opml";

    /// <summary>One subscription read from OPML.</summary>
    /// <param name="Enabled">iw:enabled: false for a source exported paused; null when the outline does not say (another reader's OPML).</param>
    /// <param name="DisabledReason">iw:disabledReason: why it was paused.</param>
    public sealed record Outline(string Url, string? Title, string? Kind, string? RelevanceMode, string? Interval, bool? Enabled = null, string? DisabledReason = null);

    public static IReadOnlyList<Outline> Read(Stream stream)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersInDocument = 20_000_000 };
        using var reader = XmlReader.Create(stream, settings);
        var document = XDocument.Load(reader);
        if (document.Root?.Name.LocalName != "opml")
        {
            throw new FormatException("not an OPML document: the root element is not <opml>");
        }

        return document.Descendants("outline")
            .Where(o => !string.IsNullOrWhiteSpace((string?)o.Attribute("xmlUrl")))
            .Select(o => new Outline(
                ((string)o.Attribute("xmlUrl")!).Trim(),
                (string?)o.Attribute("title") ?? (string?)o.Attribute("text"),
                (string?)o.Attribute(ImmunoWatchNs + "kind"),
                (string?)o.Attribute(ImmunoWatchNs + "relevance"),
                (string?)o.Attribute(ImmunoWatchNs + "interval"),
                ((string?)o.Attribute(ImmunoWatchNs + "enabled"))?.Trim().ToLowerInvariant() switch { "true" => true, "false" => false, _ => null },
                (string?)o.Attribute(ImmunoWatchNs + "disabledReason")))
            .ToList();
    }

    public static void Write(Stream stream, IEnumerable<Source> sources, DateTimeOffset now)
    {
        var body = new XElement("body",
            sources.GroupBy(s => s.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(group =>
                new XElement("outline", new XAttribute("text", group.Key),
                    group.Select(s => new XElement("outline",
                        new XAttribute("type", "rss"),
                        new XAttribute("text", s.Name),
                        new XAttribute("title", s.Name),
                        new XAttribute("xmlUrl", s.Url),
                        new XAttribute(ImmunoWatchNs + "kind", s.Kind),
                        new XAttribute(ImmunoWatchNs + "relevance", s.RelevanceMode),
                        new XAttribute(ImmunoWatchNs + "interval", IntervalText.Format(s.PollInterval)),
                        new XAttribute(ImmunoWatchNs + "enabled", s.Enabled ? "true" : "false"),
                        s.Enabled || s.DisabledReason is null ? null : new XAttribute(ImmunoWatchNs + "disabledReason", s.DisabledReason))))));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("opml", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "iw", ImmunoWatchNs),
                new XElement("head",
                    new XElement("title", "ImmunoWatch sources"),
                    new XElement("dateCreated", now.ToString("r", System.Globalization.CultureInfo.InvariantCulture))),
                body));
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        document.Save(writer);
    }
}
