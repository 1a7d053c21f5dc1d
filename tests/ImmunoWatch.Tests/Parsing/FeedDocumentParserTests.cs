using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>What the parser makes of the shapes research feeds take.</summary>
public sealed class FeedDocumentParserTests
{
    [Fact]
    public void Atypon_rss10_with_prefixed_elements_gives_its_items_and_dois()
    {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
              <rss:channel rdf:about="https://ascopubs.org/"><rss:title>JCO: Table of Contents</rss:title><rss:link>https://ascopubs.org/</rss:link></rss:channel>
              <rss:item rdf:about="https://ascopubs.org/doi/10.1200/JCO.25.00001?af=R">
                <rss:title>Nivolumab plus ipilimumab in melanoma</rss:title>
                <rss:link>https://ascopubs.org/doi/10.1200/JCO.25.00001?af=R</rss:link>
                <dc:creator>A. Author</dc:creator><dc:creator>B. Author</dc:creator>
                <dc:date>2026-10-30T00:00:00-05:00</dc:date>
                <prism:doi>10.1200/JCO.25.00001</prism:doi>
              </rss:item>
            </rdf:RDF>
            """;
        var feed = TestParsing.ParseText(xml);
        Assert.Equal("rss1.0", feed.Format);
        var item = feed.Items.Single();
        Assert.Equal("Nivolumab plus ipilimumab in melanoma", item.Title);
        Assert.Equal("10.1200/jco.25.00001", item.Ids.Doi);
        Assert.Equal(["A. Author", "B. Author"], item.Authors);
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 5, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Pubmed_items_give_pmid_doi_authors_and_abstract_text()
    {
        var xml = """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>PubMed</title>
            <item><title>CAR-T cells in lymphoma.</title><link>https://pubmed.ncbi.nlm.nih.gov/41234567/?utm_source=rss&amp;utm_medium=rss</link>
              <description>&lt;p&gt;Background: &lt;b&gt;CAR-T&lt;/b&gt; therapy.&lt;/p&gt;</description>
              <dc:creator>Smith J</dc:creator><dc:creator>Lee K</dc:creator><dc:source>Blood</dc:source>
              <dc:identifier>pmid:41234567</dc:identifier><dc:identifier>doi:10.1182/BLOOD.2026.000123</dc:identifier>
              <guid isPermaLink="false">pubmed:41234567</guid></item></channel></rss>
            """;
        var item = TestParsing.ParseText(xml).Items.Single();
        Assert.Equal("41234567", item.Ids.Pmid);
        Assert.Equal("10.1182/blood.2026.000123", item.Ids.Doi);
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/41234567", item.Ids.CanonicalLink);
        Assert.Equal("Background: CAR-T therapy.", item.SummaryText);
        Assert.Contains("<b>CAR-T</b>", item.SummaryHtml, StringComparison.Ordinal);
        Assert.Equal(["Smith J", "Lee K"], item.Authors);
    }

    [Fact]
    public void Clinicaltrials_items_give_the_nct_id_from_the_link()
    {
        var xml = """<rss version="2.0"><channel><title>CT.gov</title><item><title>Pembrolizumab in HCC</title><link>https://clinicaltrials.gov/study/NCT01234567</link></item></channel></rss>""";
        Assert.Equal("NCT01234567", TestParsing.ParseText(xml).Items.Single().Ids.Nct);
    }

    [Fact]
    public void Relative_links_resolve_against_xml_base_and_unsafe_schemes_are_dropped()
    {
        var xml = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/">
              <title>t</title>
              <entry><title>One</title><link href="articles/1"/><id>urn:1</id></entry>
              <entry><title>Two</title><link href="javascript:alert(1)"/><id>urn:2</id></entry>
            </feed>
            """;
        var feed = TestParsing.ParseText(xml);
        Assert.Equal("https://news.example/articles/1", feed.Items[0].Link);
        Assert.Null(feed.Items[1].Link);
    }

    [Fact]
    public void Summaries_are_sanitised_for_email_and_plain_for_search()
    {
        var xml = """
            <rss version="2.0"><channel><title>t</title><item><title>x</title><link>https://example.org/a/b</link>
            <description><![CDATA[<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="/rel">rel</a><script>alert(1)</script><iframe src="https://evil"></iframe><img src="x" onerror="y()"></p>]]></description>
            </item></channel></rss>
            """;
        var item = TestParsing.ParseText(xml).Items.Single();
        foreach (var banned in new[] { "<script", "<iframe", "onclick", "onerror", "javascript:" })
        {
            Assert.DoesNotContain(banned, item.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("href=\"https://example.org/rel\"", item.SummaryHtml, StringComparison.Ordinal);
        Assert.Equal("Hi bad rel", item.SummaryText);
    }

    [Theory]
    [InlineData("<b>bold</b> and <i>it</i><br/>x &amp; y & z", true)]
    [InlineData("<b>unclosed", false)]
    [InlineData("<b onclick=\"x\">a</b>", false)]
    [InlineData("<a href=\"https://x\">a</a>", false)]
    [InlineData("a > b", false)]
    public void The_fast_path_only_takes_bare_balanced_formatting(string html, bool plain) =>
        Assert.Equal(plain, HtmlContent.IsPlainFormatting(html));
}
