using System.Diagnostics;
using System.Text;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>Malformed documents fail cleanly or recover (T18); size and shape limits hold (T20).</summary>
public sealed class MalformedAndLimitsTests
{
    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><title>a</title></item></channel></rss", FeedParseErrorKind.Malformed)]
    [InlineData("", FeedParseErrorKind.Empty)]
    [InlineData("   ", FeedParseErrorKind.Empty)]
    [InlineData("just text, no markup", FeedParseErrorKind.NotXml)]
    [InlineData("<html><head><title>Validate User</title></head><body><p>robot?</p></body></html>", FeedParseErrorKind.NotAFeed)]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><description><![CDATA[never closed</description></item></channel></rss>", FeedParseErrorKind.Malformed)]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><foo:bar>x</foo:bar></item></channel></rss>", FeedParseErrorKind.Malformed)]
    public void Broken_documents_give_a_typed_error_quickly(string xml, FeedParseErrorKind kind)
    {
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<FeedParseException>(() => TestParsing.ParseText(xml));
        Assert.Equal(kind, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.True(clock.ElapsedMilliseconds < 1_000);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><title>Fish & chips</title></item></channel></rss>", "Fish & chips")]
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><title>A&nbsp;B &eacute;</title></item></channel></rss>", "A B é")] // a no-break space is whitespace in a plain-text title
    [InlineData("<rss version=\"2.0\"><channel><title>t</title><item><title>&unknownentity; x</title></item></channel></rss>", "&unknownentity; x")]
    public void Common_slips_are_recovered(string xml, string title) =>
        Assert.Equal(title, TestParsing.ParseText(xml).Items.Single().Title);

    [Fact]
    public void Oversized_fields_are_capped()
    {
        var xml = $"<rss version=\"2.0\"><channel><title>t</title><item><title>{new string('T', 1_000_000)}</title><link>https://example.org/{new string('u', 100_000)}</link><description>{new string('d', 400_000)}</description></item></channel></rss>";
        var item = TestParsing.ParseText(xml).Items.Single();
        Assert.Equal(1_000, item.Title.Length);
        Assert.True(item.Link is null || item.Link.Length <= 2_048);
        Assert.True(item.SummaryHtml.Length <= 256 * 1024);
    }

    [Fact]
    public void Items_beyond_the_per_fetch_cap_are_dropped_oldest_first()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var items = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            items.Append($"<item><guid>g{i}</guid><title>Item {i}</title><pubDate>{start.AddMinutes(i):r}</pubDate></item>");
        }

        var clock = Stopwatch.StartNew();
        var feed = TestParsing.ParseText($"<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
        Assert.Equal(1_000, feed.Items.Count);
        Assert.Equal(49_000, feed.DroppedItems);
        Assert.All(feed.Items, i => Assert.True(i.Published >= start.AddMinutes(49_000)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Deeply_nested_item_html_completes_and_stays_inert()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "<script>alert(1)</script>deep" + string.Concat(Enumerable.Repeat("</div>", 10_000));
        var xml = $"<rss version=\"2.0\"><channel><title>t</title><item><title>x</title><description><![CDATA[{html}]]></description></item></channel></rss>";
        var clock = Stopwatch.StartNew();
        var item = TestParsing.ParseText(xml).Items.Single();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("<script", item.SummaryHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("deep", item.SummaryText, StringComparison.Ordinal);
    }
}
