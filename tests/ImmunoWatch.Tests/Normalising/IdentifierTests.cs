using ImmunoWatch.Normalising;

namespace ImmunoWatch.Tests.Normalising;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("https://Example.ORG/a/b/?utm_source=rss&id=7&utm_medium=feed#top", "https://example.org/a/b?id=7")]
    [InlineData("http://example.org:80/x?fbclid=abc", "http://example.org/x")]
    [InlineData("https://example.org:8443/x", "https://example.org:8443/x")]
    [InlineData("https://pubmed.ncbi.nlm.nih.gov/41234567/", "https://pubmed.ncbi.nlm.nih.gov/41234567")]
    public void Canonical_links_drop_tracking_and_noise(string link, string expected) => Assert.Equal(expected, CanonicalLink.From(link));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("")]
    public void Non_http_links_have_no_canonical_form(string link) => Assert.Null(CanonicalLink.From(link));

    [Fact]
    public void Explicit_identifier_fields_win()
    {
        var ids = IdentifierExtractor.Extract(["pmid:123456", "doi:10.1056/NEJMoa2500001"], "https://www.nejm.org/doi/full/10.1056/NEJMoa2599999", null, "NCT01234567 mentioned");
        Assert.Equal("123456", ids.Pmid);
        Assert.Equal("10.1056/nejmoa2500001", ids.Doi);
        Assert.Equal("NCT01234567", ids.Nct);
    }

    [Theory]
    [InlineData("https://doi.org/10.1016/S1470-2045(25)00001-1", "10.1016/s1470-2045(25)00001-1")]
    [InlineData("https://ascopubs.org/doi/abs/10.1200/JCO.25.00001?af=R", "10.1200/jco.25.00001")]
    [InlineData("https://aacrjournals.org/cancerimmunolres/article/doi/10.1158/2326-6066.CIR-25-0001/12345", "10.1158/2326-6066.cir-25-0001/12345")]
    public void Dois_come_from_resolver_and_publisher_links(string link, string doi) =>
        Assert.Equal(doi, IdentifierExtractor.Extract([], link, null, null).Doi);

    [Fact]
    public void Nct_ids_come_from_links_guids_or_text_and_are_upper_cased()
    {
        Assert.Equal("NCT05000001", IdentifierExtractor.Extract([], "https://clinicaltrials.gov/study/nct05000001", null, null).Nct);
        Assert.Equal("NCT05000002", IdentifierExtractor.Extract([], null, "NCT05000002", null).Nct);
        Assert.Equal("NCT05000003", IdentifierExtractor.Extract([], null, null, "registered as NCT05000003.").Nct);
        Assert.Null(IdentifierExtractor.Extract([], null, null, "NCT0500000 is too short").Nct);
    }

    [Fact]
    public void A_pubmed_link_gives_the_pmid() =>
        Assert.Equal("39999999", IdentifierExtractor.Extract([], "https://pubmed.ncbi.nlm.nih.gov/39999999/", null, null).Pmid);
}
