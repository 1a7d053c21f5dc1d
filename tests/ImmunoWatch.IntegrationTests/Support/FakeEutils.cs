using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A loopback stand-in for PubMed's E-utilities (esearch.fcgi, efetch.fcgi) serving articles made
/// from the recorded efetch answer in ../shared/corpus/feeds/real/pubmed-eutils: esearch pages with
/// retstart and retmax, newest first, the Entrez-date filter (mindate) of incremental passes;
/// efetch of the requested PMIDs. Records when each request arrived.
/// </summary>
internal sealed class FakeEutils : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<(string Pmid, DateOnly Added, XElement Article)> _articles = [];

    private FakeEutils(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    public List<(DateTimeOffset At, string PathAndQuery)> Log { get; } = [];

    public Uri SearchUrl(string term) => new($"{Server.Url("/entrez/eutils/esearch.fcgi")}?db=pubmed&term={Uri.EscapeDataString(term)}");

    public static async Task<FakeEutils> StartAsync()
    {
        FakeEutils? fake = null;
        var server = await LoopbackServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeEutils(server);
        return fake;
    }

    /// <summary>The recorded article (a case-control study of pancreatic cancer), as a template.</summary>
    public static XElement RecordedArticle()
    {
        using var reader = System.Xml.XmlReader.Create(Path.Combine(SharedCorpus.Required, "feeds", "real", "pubmed-eutils", "efetch-pubmedarticleset-2018-dtd.xml"),
            new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null });
        return XDocument.Load(reader).Root!.Element("PubmedArticle")!;
    }

    /// <summary>Adds an article: the recorded one with this PMID, title, DOI, publication types and MeSH headings, published and added to PubMed on <paramref name="added"/>.</summary>
    public void Add(string pmid, string title, string doi, DateOnly added, string[] publicationTypes, string[]? mesh = null)
    {
        var article = new XElement(RecordedArticle());
        var citation = article.Element("MedlineCitation")!;
        citation.Element("PMID")!.Value = pmid;
        var body = citation.Element("Article")!;
        body.Element("ArticleTitle")!.ReplaceNodes(title);
        foreach (var location in body.Elements("ELocationID"))
        {
            location.Value = doi;
        }

        foreach (var date in body.Elements("ArticleDate"))
        {
            date.ReplaceNodes(new XElement("Year", added.Year), new XElement("Month", added.Month.ToString("00", CultureInfo.InvariantCulture)), new XElement("Day", added.Day.ToString("00", CultureInfo.InvariantCulture)));
        }

        body.Element("PublicationTypeList")!.ReplaceNodes(publicationTypes.Select(t => new XElement("PublicationType", t)));
        if (mesh is not null)
        {
            citation.Element("MeshHeadingList")!.ReplaceNodes(mesh.Select(m => new XElement("MeshHeading", new XElement("DescriptorName", m))));
        }

        var ids = article.Element("PubmedData")!.Element("ArticleIdList")!;
        ids.ReplaceNodes(new XElement("ArticleId", new XAttribute("IdType", "pubmed"), pmid), new XElement("ArticleId", new XAttribute("IdType", "doi"), doi));
        lock (_gate)
        {
            _articles.Add((pmid, added, article));
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        lock (_gate)
        {
            Log.Add((DateTimeOffset.UtcNow, context.Request.Path + context.Request.QueryString));
        }

        context.Response.ContentType = "text/xml; charset=UTF-8";
        if (context.Request.Path.Value!.EndsWith("/esearch.fcgi", StringComparison.Ordinal))
        {
            var since = query.TryGetValue("mindate", out var min) ? DateOnly.ParseExact(min.ToString(), "yyyy/MM/dd", CultureInfo.InvariantCulture) : DateOnly.MinValue;
            List<string> matching;
            lock (_gate)
            {
                matching = _articles.Where(a => a.Added >= since).OrderByDescending(a => a.Added).ThenByDescending(a => a.Pmid, StringComparer.Ordinal).Select(a => a.Pmid).ToList();
            }

            var start = int.Parse(query["retstart"].ToString(), CultureInfo.InvariantCulture);
            var max = int.Parse(query["retmax"].ToString(), CultureInfo.InvariantCulture);
            var page = matching.Skip(start).Take(max);
            await context.Response.WriteAsync(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" \"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n"
                + new XElement("eSearchResult", new XElement("Count", matching.Count), new XElement("RetMax", page.Count()), new XElement("RetStart", start),
                    new XElement("IdList", page.Select(id => new XElement("Id", id)))).ToString(SaveOptions.DisableFormatting));
            return;
        }

        var wanted = query["id"].ToString().Split(',');
        List<XElement> found;
        lock (_gate)
        {
            found = _articles.Where(a => wanted.Contains(a.Pmid)).Select(a => a.Article).ToList();
        }

        await context.Response.WriteAsync(
            "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n"
            + new XElement("PubmedArticleSet", found).ToString(SaveOptions.DisableFormatting));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
