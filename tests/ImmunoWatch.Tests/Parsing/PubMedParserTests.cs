using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>PubMed E-utilities answers (../shared/corpus/feeds/real/pubmed-eutils) and broken ones.</summary>
public sealed class PubMedParserTests
{
    private static readonly PubMedParser Parser = new(Options.Create(new ParsingOptions()));

    private static string Recorded(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.SharedCorpus!, "feeds", "real", "pubmed-eutils", name));

    [CorpusFact]
    public void An_esearch_answer_gives_the_count_and_the_pmids_of_its_page()
    {
        var page = PubMedParser.ParseSearch(Recorded("esearch-pubmed-with-webenv.xml"));

        Assert.Equal(42249, page.Count);
        Assert.Equal(0, page.RetStart);
        Assert.Equal(100, page.Pmids.Count);
        Assert.Equal("41297076", page.Pmids[0]);
    }

    [CorpusFact]
    public void An_efetch_answer_gives_one_item_per_article_with_its_identifiers_abstract_mesh_and_publication_types()
    {
        var feed = Parser.ParseArticles(Recorded("efetch-pubmedarticleset-2018-dtd.xml"));

        var item = Assert.Single(feed.Items);
        Assert.Equal("pubmed-eutils", feed.Format);
        Assert.Equal("27797938", item.Key);
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/27797938/", item.Link);
        Assert.Equal("27797938", item.Ids.Pmid);
        Assert.Equal("10.1136/gutjnl-2016-312510", item.Ids.Doi);
        Assert.StartsWith("Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer", item.Title, StringComparison.Ordinal);
        Assert.StartsWith("OBJECTIVE: Telomere shortening", item.SummaryText, StringComparison.Ordinal);
        Assert.Contains("<p>DESIGN: ", item.SummaryHtml, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2016, 10, 21, 0, 0, 0, TimeSpan.Zero), item.Published);
        Assert.Equal("Ying Bao", item.Authors[0]);
        var article = item.Article!;
        Assert.Equal("Gut", article.Journal);
        Assert.Contains("Pancreatic Neoplasms", article.Mesh);
        Assert.Contains("Observational Study", article.PublicationTypes);
    }

    [CorpusFact]
    public void Articles_without_an_abstract_or_mesh_and_dates_with_month_names_are_read()
    {
        var feed = Parser.ParseArticles(Recorded("efetch-pubmedarticleset-compact.xml"));

        Assert.Equal(["11748933", "11700088"], feed.Items.Select(i => i.Key));
        Assert.Equal(new DateTimeOffset(2001, 6, 1, 0, 0, 0, TimeSpan.Zero), feed.Items[0].Published);
        Assert.Empty(feed.Items[1].Article!.Mesh);
    }

    [Theory]
    [InlineData("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>", FeedParseErrorKind.Malformed, "esearch error: Invalid query")]
    [InlineData("<eSearchResult><Count>x</Count></eSearchResult>", FeedParseErrorKind.Malformed, "esearch Count is not a number ('x')")]
    [InlineData("<eSearchResult><Count>1</Count><IdList><Id>12a</Id></IdList></eSearchResult>", FeedParseErrorKind.Malformed, "'12a', which is not a PMID")]
    [InlineData("<html><body>Too Many Requests</body></html>", FeedParseErrorKind.NotAFeed, "not a PubMed eSearchResult: root element <html>")]
    [InlineData("{\"error\":\"API rate limit exceeded\"}", FeedParseErrorKind.NotXml, "not XML")]
    public void Bad_search_answers_are_refused_with_a_reason(string text, FeedParseErrorKind kind, string reason)
    {
        var error = Assert.Throws<FeedParseException>(() => PubMedParser.ParseSearch(text));
        Assert.Equal(kind, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>", "a PubmedArticle has no MedlineCitation")]
    [InlineData("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>abc</PMID></MedlineCitation></PubmedArticle></PubmedArticleSet>", "no valid PMID ('abc')")]
    [InlineData("<eSearchResult/>", "not a PubMed PubmedArticleSet")]
    public void Bad_fetch_answers_are_refused_with_a_reason(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FeedParseException>(() => Parser.ParseArticles(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_document_type_declaration_is_never_expanded()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE PubmedArticleSet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&b;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
            """;
        // The internal subset is ignored, so its entities are never defined, let alone expanded: the answer is refused.
        var error = Assert.Throws<FeedParseException>(() => Parser.ParseArticles(bomb));
        Assert.Equal(FeedParseErrorKind.NotXml, error.Kind);
        Assert.Contains("undeclared entity 'b'", error.Message, StringComparison.Ordinal);
    }
}
