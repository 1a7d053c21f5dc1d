using System.Text;
using System.Xml.Linq;
using ImmunoWatch.Normalising;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Reads one item/entry element into a <see cref="ParsedItem"/> (without its key, which depends on
/// the other items). Works on the element FeedReader found, so that fallbacks FeedReader lacks
/// (dc:title, media:title, base64 Atom text, prefixed RSS 1.0 elements, xml:base) are ours.
/// </summary>
internal static class FeedItemReader
{
    private const int MaxAuthors = 50;
    private const int MaxHtmlDepth = 256;

    public static ParsedItem Read(XElement item, Uri? baseUri, ParsingOptions options)
    {
        var itemBase = ResolveXmlBase(item, baseUri);
        var title = CapText(ReadTitle(item), options.MaxTitleChars);
        var guid = ReadGuid(item);
        var link = Cap(ReadLink(item, itemBase, guid), options.MaxUrlChars);
        var html = CapText(ReadSummaryHtml(item), options.MaxItemHtmlChars);
        var linkUri = link is not null && Uri.TryCreate(link, UriKind.Absolute, out var l) ? l : itemBase;
        var sanitised = TooDeep(html) ? System.Net.WebUtility.HtmlEncode(HtmlContent.ToPlainText(html)) : HtmlContent.Sanitize(html, linkUri?.ToString());
        var text = HtmlContent.ToPlainText(html);
        var identifiers = IdentifierExtractor.Extract(IdentifierFields(item), link, guid, title + " " + text);
        return new ParsedItem
        {
            Key = "",
            Guid = guid is null ? null : Cap(guid, options.MaxUrlChars),
            Title = title,
            Link = link,
            Published = ReadPublished(item),
            Authors = ReadAuthors(item),
            SummaryHtml = sanitised,
            SummaryText = text,
            Ids = identifiers,
        };
    }

    internal static string ReadTitle(XElement item)
    {
        var core = item.Elements().FirstOrDefault(e => e.Name.LocalName.Equals("title", StringComparison.OrdinalIgnoreCase) && FeedNamespaces.IsCore(e.Name.Namespace));
        if (core is not null)
        {
            var text = TextConstruct(core);
            if (text.Length > 0)
            {
                return text;
            }
        }

        var fallback = item.Element(FeedNamespaces.DublinCore + "title")
            ?? item.Element(FeedNamespaces.DublinCoreTerms + "title")
            ?? item.Descendants(FeedNamespaces.Media + "title").FirstOrDefault();
        // Last resort: a title somewhere inside the item (an image in a category, say), but not in a nested item.
        fallback ??= item.Descendants().FirstOrDefault(e => e.Name.LocalName == "title" && FeedNamespaces.IsCore(e.Name.Namespace)
            && !e.Ancestors().TakeWhile(a => a != item).Any(a => a.Name.LocalName is "item" or "entry" or "source"));
        return fallback is null ? "" : TextConstruct(fallback);
    }

    /// <summary>Plain text of an Atom/RSS text construct, honouring type="html|xhtml|text" and mode="base64".</summary>
    private static string TextConstruct(XElement element)
    {
        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant();
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        if (type is "xhtml" or "application/xhtml+xml")
        {
            return HtmlContent.ToPlainText(string.Concat(element.Nodes().Select(n => n.ToString())));
        }

        var value = element.Value;
        if (mode == "base64" || IsBinaryMediaType(type))
        {
            value = DecodeBase64(value);
        }

        if (type is "text" or "text/plain")
        {
            return HtmlContent.CollapseWhitespace(value);
        }

        return HtmlContent.ToPlainText(value);
    }

    /// <summary>Atom 1.0: a content type that is neither text nor XML means the element holds base64.</summary>
    private static bool IsBinaryMediaType(string? type) =>
        type is not null && type.Contains('/', StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal)
        && !type.EndsWith("+xml", StringComparison.Ordinal) && !type.EndsWith("/xml", StringComparison.Ordinal) && type != "application/xhtml+xml";

    private static string DecodeBase64(string value)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(value.Trim()));
        }
        catch (FormatException)
        {
            return value;
        }
    }

    private static string? ReadGuid(XElement item)
    {
        var guid = item.Elements().FirstOrDefault(e => e.Name.LocalName is "guid" or "id" && FeedNamespaces.IsCore(e.Name.Namespace))?.Value
            ?? (string?)item.Attribute(FeedNamespaces.Rdf + "about");
        guid = guid?.Trim();
        return string.IsNullOrEmpty(guid) ? null : guid;
    }

    private static string? ReadLink(XElement item, Uri? baseUri, string? guid)
    {
        string? raw = null;
        Uri? linkBase = baseUri;
        var atomLinks = item.Elements().Where(e => e.Name.LocalName == "link" && (e.Name.Namespace == FeedNamespaces.Atom10 || e.Name.Namespace == FeedNamespaces.Atom03) && e.Attribute("href") is not null).ToList();
        if (atomLinks.Count > 0)
        {
            var chosen = atomLinks.FirstOrDefault(e => ((string?)e.Attribute("rel") ?? "alternate") == "alternate") ?? atomLinks[0];
            raw = (string?)chosen.Attribute("href");
            linkBase = ResolveXmlBase(chosen, baseUri);
        }
        else
        {
            var link = item.Elements().FirstOrDefault(e => e.Name.LocalName == "link" && FeedNamespaces.IsCore(e.Name.Namespace));
            raw = link?.Value ?? (string?)link?.Attribute("href");
            if (link is not null)
            {
                linkBase = ResolveXmlBase(link, baseUri);
            }
        }

        if (string.IsNullOrWhiteSpace(raw))
        {
            var guidElement = item.Elements().FirstOrDefault(e => e.Name.LocalName == "guid");
            var permalink = !string.Equals((string?)guidElement?.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
            raw = permalink && guid is not null && guid.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? guid : null;
        }

        return Absolutise(raw?.Trim(), linkBase);
    }

    internal static string? Absolutise(string? raw, Uri? baseUri)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        if (raw.Contains("&amp;", StringComparison.Ordinal))
        {
            raw = System.Net.WebUtility.HtmlDecode(raw); // escaped twice by the publisher: a URL never means "&amp;"
        }

        if (Uri.TryCreate(raw, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.ToString();
        }

        if (baseUri is not null && Uri.TryCreate(baseUri, raw, out var resolved) && resolved.Scheme is "http" or "https")
        {
            return resolved.ToString();
        }

        // Not http(s) and not resolvable: never hand on javascript:, data: or file: links.
        return null;
    }

    internal static Uri? ResolveXmlBase(XElement element, Uri? documentBase)
    {
        var chain = element.AncestorsAndSelf().Select(e => (string?)e.Attribute(FeedNamespaces.Xml + "base")).Where(b => !string.IsNullOrWhiteSpace(b)).Reverse();
        var current = documentBase;
        foreach (var value in chain)
        {
            if (Uri.TryCreate(value, UriKind.Absolute, out var abs))
            {
                current = abs;
            }
            else if (current is not null && Uri.TryCreate(current, value, out var rel))
            {
                current = rel;
            }
        }

        return current;
    }

    private static DateTimeOffset? ReadPublished(XElement item)
    {
        string[] names = ["pubDate", "published", "issued", "date", "created", "publicationDate", "coverDate", "updated", "modified"];
        foreach (var name in names)
        {
            var element = item.Elements().FirstOrDefault(e => e.Name.LocalName == name);
            var parsed = FeedDates.Parse(element?.Value);
            if (parsed is not null)
            {
                return parsed;
            }
        }

        return null;
    }

    private static List<string> ReadAuthors(XElement item)
    {
        var authors = new List<string>();
        foreach (var element in item.Elements())
        {
            var name = element.Name.LocalName switch
            {
                "creator" or "author" when !element.HasElements => element.Value,
                "author" => element.Elements().FirstOrDefault(e => e.Name.LocalName == "name")?.Value,
                _ => null,
            };
            name = name is null ? null : HtmlContent.CollapseWhitespace(name);
            if (!string.IsNullOrEmpty(name) && !authors.Contains(name) && authors.Count < MaxAuthors)
            {
                authors.Add(name);
            }
        }

        return authors;
    }

    private static string ReadSummaryHtml(XElement item)
    {
        XElement? content = item.Element(FeedNamespaces.Content + "encoded")
            ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == "content" && FeedNamespaces.IsCore(e.Name.Namespace));
        XElement? summary = item.Elements().FirstOrDefault(e => e.Name.LocalName is "description" or "summary" && FeedNamespaces.IsCore(e.Name.Namespace))
            ?? item.Element(FeedNamespaces.DublinCore + "description")
            ?? item.Descendants(FeedNamespaces.Media + "description").FirstOrDefault();
        var contentHtml = content is null ? "" : HtmlOf(content);
        var summaryHtml = summary is null ? "" : HtmlOf(summary);
        return contentHtml.Length > summaryHtml.Length ? contentHtml : summaryHtml;
    }

    private static string HtmlOf(XElement element)
    {
        var type = ((string?)element.Attribute("type"))?.Trim().ToLowerInvariant();
        var mode = ((string?)element.Attribute("mode"))?.Trim().ToLowerInvariant();
        if (type is "xhtml" or "application/xhtml+xml" || (element.HasElements && mode != "escaped"))
        {
            return string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        }

        var value = mode == "base64" ? DecodeBase64(element.Value) : element.Value;
        return type is "text" or "text/plain" ? System.Net.WebUtility.HtmlEncode(value) : value;
    }

    private static IEnumerable<string> IdentifierFields(XElement item)
    {
        foreach (var element in item.Elements())
        {
            if ((element.Name.Namespace == FeedNamespaces.DublinCore && element.Name.LocalName == "identifier")
                || (FeedNamespaces.IsPrism(element.Name.Namespace) && element.Name.LocalName == "doi"))
            {
                var value = element.Value.Trim();
                if (FeedNamespaces.IsPrism(element.Name.Namespace) && !value.StartsWith("doi:", StringComparison.OrdinalIgnoreCase))
                {
                    value = "doi:" + value;
                }

                yield return value;
            }
        }
    }

    private static bool TooDeep(string html)
    {
        var depth = 0;
        var max = 0;
        for (var i = 0; i < html.Length - 1; i++)
        {
            if (html[i] != '<')
            {
                continue;
            }

            if (html[i + 1] == '/')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (char.IsLetter(html[i + 1]) && !IsVoidTag(html, i + 1))
            {
                max = Math.Max(max, ++depth);
                if (max > MaxHtmlDepth)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static readonly HashSet<string> VoidTags = new(StringComparer.OrdinalIgnoreCase) { "br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "param", "track" };

    private static bool IsVoidTag(string html, int nameStart)
    {
        var end = nameStart;
        while (end < html.Length && char.IsLetterOrDigit(html[end]))
        {
            end++;
        }

        return VoidTags.Contains(html[nameStart..end]);
    }

    private static string? Cap(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static string CapText(string value, int max) => value.Length <= max ? value : value[..max];
}
