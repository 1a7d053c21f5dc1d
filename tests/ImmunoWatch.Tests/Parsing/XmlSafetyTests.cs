using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>XXE, entity expansion and legitimate DOCTYPEs (T15-T17).</summary>
public sealed class XmlSafetyTests
{
    private static ParsedFeed? TryParse(string xml)
    {
        try
        {
            return TestParsing.ParseText(xml);
        }
        catch (FeedParseException)
        {
            return null;
        }
    }

    [Fact]
    public void External_entities_never_reach_files_or_the_network()
    {
        var secret = Path.GetTempFileName();
        File.WriteAllText(secret, "TOP-SECRET-VALUE");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            var documents = new[]
            {
                $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file://{secret}\">]><rss version=\"2.0\"><channel><title>t</title><item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>",
                $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"http://127.0.0.1:{port}/x\">]><rss version=\"2.0\"><channel><title>t</title><item><title>&xxe;</title></item></channel></rss>",
                $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY % p SYSTEM \"http://127.0.0.1:{port}/p\"> %p;]><rss version=\"2.0\"><channel><title>t</title><item><title>x</title></item></channel></rss>",
                $"<?xml version=\"1.0\"?><!DOCTYPE rss SYSTEM \"http://127.0.0.1:{port}/evil.dtd\"><rss version=\"2.0\"><channel><title>t</title><item><title>x</title></item></channel></rss>",
            };
            foreach (var document in documents)
            {
                var feed = TryParse(document);
                var fields = feed is null ? "" : string.Join("|", feed.Items.SelectMany(i => new[] { i.Title, i.SummaryHtml, i.SummaryText }));
                Assert.DoesNotContain("TOP-SECRET", fields, StringComparison.Ordinal);
            }

            Assert.False(listener.Pending(), "the parser connected to the listener");
        }
        finally
        {
            listener.Stop();
            File.Delete(secret);
        }
    }

    [Theory]
    [InlineData(9)] // billion laughs: 10^9 characters if expanded
    [InlineData(6)] // the "small" bomb: 10^6
    public void Entity_bombs_are_defused_cheaply(int levels)
    {
        var entities = string.Concat(Enumerable.Range(1, levels).Select(i => $"<!ENTITY l{i} \"{string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))}\">"));
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY l0 \"lol\">{entities}]><rss version=\"2.0\"><channel><title>t</title><item><title>&l{levels};</title></item></channel></rss>";
        AssertCheap(xml);
    }

    [Fact]
    public void Quadratic_blowup_is_defused_cheaply()
    {
        var big = new string('a', 50_000);
        var xml = $"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY big \"{big}\">]><rss version=\"2.0\"><channel><title>t</title><item><title>x</title><description>{string.Concat(Enumerable.Repeat("&big;", 1_000))}</description></item></channel></rss>";
        AssertCheap(xml);
    }

    /// <summary>Best of three warm runs: the property is that the work is small, not how busy the machine is.</summary>
    private static void AssertCheap(string xml)
    {
        TryParse(xml);
        var best = TimeSpan.MaxValue;
        var leastAllocated = long.MaxValue;
        ParsedFeed? feed = null;
        for (var run = 0; run < 3; run++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            feed = TryParse(xml);
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
            leastAllocated = Math.Min(leastAllocated, GC.GetAllocatedBytesForCurrentThread() - allocated);
        }

        Assert.True(best.TotalMilliseconds < 200, $"took {best.TotalMilliseconds:0} ms");
        Assert.True(leastAllocated < 20 * 1024 * 1024, $"allocated {leastAllocated} bytes");
        Assert.All(feed?.Items ?? [], i => Assert.True(i.SummaryHtml.Length <= 256 * 1024 && i.Title.Length <= 1_000));
    }

    [Fact]
    public void A_real_rss_091_feed_with_the_netscape_doctype_still_parses()
    {
        var xml = """
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>found</title><link>http://example.org/</link><description>d</description><language>en</language>
            <item><title>Item &amp; more</title><link>http://example.org/1</link></item></channel></rss>
            """;
        var feed = TestParsing.ParseText(xml);
        Assert.Equal("found", feed.Title);
        Assert.Equal("Item & more", feed.Items.Single().Title);
    }

    [Fact]
    public void An_xhtml_doctype_before_rss_and_html_entities_are_tolerated()
    {
        var xml = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
            <rss version="2.0"><channel><title>t</title><item><title>Caf&eacute;&nbsp;news &mdash; today</title></item></channel></rss>
            """;
        Assert.Equal("Café news — today", TestParsing.ParseText(xml).Items.Single().Title);
    }

    [Fact]
    public void Short_literal_entities_declared_in_the_doctype_keep_their_text()
    {
        var xml = """<!DOCTYPE rss [<!ENTITY org "ImmunoWatch">]><rss version="2.0"><channel><title>t</title><item><title>News from &org;</title></item></channel></rss>""";
        Assert.Equal("News from ImmunoWatch", TestParsing.ParseText(xml).Items.Single().Title);
    }
}
