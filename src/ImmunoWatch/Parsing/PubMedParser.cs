using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using ImmunoWatch.Normalising;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Reads PubMed E-utilities answers: an esearch result (count and PMIDs) and an efetch
/// PubmedArticleSet (one item per article: PMID, DOI, title, structured abstract, authors, journal,
/// publication date, MeSH headings, publication types). DTDs are never fetched or processed. An
/// answer that is not the expected document, or an esearch ERROR, is refused with its reason.
/// </summary>
public sealed class PubMedParser(IOptions<ParsingOptions> options)
{
    public const string Format = "pubmed-eutils";

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private readonly ParsingOptions _options = options.Value;

    public static PubMedSearchPage ParseSearch(string text)
    {
        var root = Load(text, "eSearchResult");
        if (root.Element("ERROR")?.Value is { Length: > 0 } error)
        {
            throw new FeedParseException(FeedParseErrorKind.Malformed, $"esearch error: {OneLine(error)}");
        }

        var count = Number(root.Element("Count")?.Value, "Count");
        var start = Number(root.Element("RetStart")?.Value ?? "0", "RetStart");
        var ids = (root.Element("IdList")?.Elements("Id") ?? []).Select(e => e.Value.Trim()).ToList();
        var bad = ids.FirstOrDefault(id => id.Length is 0 or > 9 || !id.All(char.IsAsciiDigit));
        return bad is null
            ? new PubMedSearchPage(count, start, ids)
            : throw new FeedParseException(FeedParseErrorKind.Malformed, $"esearch IdList holds '{OneLine(bad)}', which is not a PMID");
    }

    public ParsedFeed ParseArticles(string text)
    {
        var root = Load(text, "PubmedArticleSet");
        var items = new List<ParsedItem>();
        foreach (var article in root.Elements("PubmedArticle"))
        {
            items.Add(ReadArticle(article));
        }

        var dropped = Math.Max(0, items.Count - _options.MaxItemsPerFetch);
        return new ParsedFeed(Format, "PubMed", "https://pubmed.ncbi.nlm.nih.gov/", items.Take(_options.MaxItemsPerFetch).ToList()) { DroppedItems = dropped };
    }

    private ParsedItem ReadArticle(XElement article)
    {
        var citation = article.Element("MedlineCitation") ?? throw new FeedParseException(FeedParseErrorKind.Malformed, "a PubmedArticle has no MedlineCitation");
        var pmid = citation.Element("PMID")?.Value.Trim();
        if (pmid is null || pmid.Length is 0 or > 9 || !pmid.All(char.IsAsciiDigit))
        {
            throw new FeedParseException(FeedParseErrorKind.Malformed, $"a PubmedArticle has no valid PMID ({(pmid is null ? "missing" : $"'{OneLine(pmid)}'")})");
        }

        var body = citation.Element("Article");
        var title = HtmlContent.CollapseWhitespace(body?.Element("ArticleTitle")?.Value ?? body?.Element("VernacularTitle")?.Value ?? "");
        if (title.Length == 0)
        {
            title = $"PubMed {pmid}";
        }

        var doi = (article.Element("PubmedData")?.Element("ArticleIdList")?.Elements("ArticleId") ?? [])
            .FirstOrDefault(a => (string?)a.Attribute("IdType") == "doi")?.Value.Trim()
            ?? (body?.Elements("ELocationID") ?? []).FirstOrDefault(e => (string?)e.Attribute("EIdType") == "doi")?.Value.Trim();
        var abstractText = string.Join("\n", (body?.Element("Abstract")?.Elements("AbstractText") ?? []).Select(a =>
            (string?)a.Attribute("Label") is { Length: > 0 } label ? $"{label}: {HtmlContent.CollapseWhitespace(a.Value)}" : HtmlContent.CollapseWhitespace(a.Value)));
        var summaryHtml = string.Join("", abstractText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
        if (summaryHtml.Length > _options.MaxItemHtmlChars)
        {
            summaryHtml = summaryHtml[.._options.MaxItemHtmlChars];
        }

        var authors = (body?.Element("AuthorList")?.Elements("Author") ?? [])
            .Select(a => a.Element("CollectiveName")?.Value ?? string.Join(' ', new[] { a.Element("ForeName")?.Value, a.Element("LastName")?.Value }.Where(p => !string.IsNullOrWhiteSpace(p))))
            .Where(a => a.Length > 0)
            .Select(HtmlContent.CollapseWhitespace)
            .ToList();
        var record = new PubMedRecord
        {
            Pmid = pmid,
            Doi = doi is { Length: > 0 } ? doi : null,
            Journal = body?.Element("Journal")?.Element("Title")?.Value.Trim(),
            Mesh = (citation.Element("MeshHeadingList")?.Elements("MeshHeading") ?? []).Select(h => h.Element("DescriptorName")?.Value.Trim()).OfType<string>().Where(m => m.Length > 0).ToList(),
            PublicationTypes = (body?.Element("PublicationTypeList")?.Elements("PublicationType") ?? []).Select(p => p.Value.Trim()).Where(p => p.Length > 0).ToList(),
        };
        var item = new ParsedItem
        {
            Key = pmid,
            Guid = pmid,
            Title = title.Length > _options.MaxTitleChars ? title[.._options.MaxTitleChars] : title,
            Link = $"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            Published = Published(body),
            Authors = authors,
            SummaryHtml = summaryHtml,
            SummaryText = HtmlContent.CollapseWhitespace(abstractText),
            Ids = new StudyIdentifiers(pmid, record.Doi?.ToLowerInvariant(), null, null),
            Article = record,
        };
        return item with { ContentHash = ItemKeys.Sha256(string.Join('\u001f', item.Title, item.Published?.ToString("O"), item.SummaryText, string.Join(';', authors), string.Join(';', record.Mesh), string.Join(';', record.PublicationTypes), record.Doi)) };
    }

    /// <summary>The electronic publication date when given, else the issue's date (Year, Month, Day, or a MedlineDate such as "2001 Nov-Dec").</summary>
    private static DateTimeOffset? Published(XElement? article)
    {
        var electronic = (article?.Elements("ArticleDate") ?? []).FirstOrDefault();
        if (Date(electronic) is { } e)
        {
            return e;
        }

        var pub = article?.Element("Journal")?.Element("JournalIssue")?.Element("PubDate");
        if (Date(pub) is { } p)
        {
            return p;
        }

        var medline = pub?.Element("MedlineDate")?.Value;
        return medline is { Length: >= 4 } && int.TryParse(medline.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            ? new DateTimeOffset(year, MonthOf(medline.Length > 5 ? medline[5..] : "") ?? 1, 1, 0, 0, 0, TimeSpan.Zero)
            : null;
    }

    private static DateTimeOffset? Date(XElement? date)
    {
        if (date is null || !int.TryParse(date.Element("Year")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 1800 or > 2200)
        {
            return null;
        }

        var month = MonthOf(date.Element("Month")?.Value ?? "") ?? 1;
        var day = int.TryParse(date.Element("Day")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d >= 1 && d <= DateTime.DaysInMonth(year, month) ? d : 1;
        return new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero);
    }

    private static int? MonthOf(string text)
    {
        var value = text.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 12)
        {
            return number;
        }

        var index = value.Length >= 3 ? Array.IndexOf(Months, value[..3].ToLowerInvariant()) : -1;
        return index >= 0 ? index + 1 : null;
    }

    private static XElement Load(string text, string expectedRoot)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FeedParseException(FeedParseErrorKind.Empty, "response is empty");
        }

        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, MaxCharactersFromEntities = 1024 };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new FeedParseException(FeedParseErrorKind.NotXml, $"not XML: {OneLine(ex.Message)}", ex);
        }

        var root = document.Root!;
        return root.Name.LocalName == expectedRoot
            ? root
            : throw new FeedParseException(FeedParseErrorKind.NotAFeed, $"not a PubMed {expectedRoot}: root element <{root.Name.LocalName}>");
    }

    private static int Number(string? value, string field) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FeedParseException(FeedParseErrorKind.Malformed, $"esearch {field} is not a number ('{OneLine(value ?? "missing")}')");

    private static string OneLine(string value)
    {
        var line = HtmlContent.CollapseWhitespace(value);
        return line.Length > 200 ? line[..200] : line;
    }
}
