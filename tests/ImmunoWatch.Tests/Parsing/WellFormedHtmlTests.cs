using System.Text;
using System.Xml;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>
/// The one-scan sanitiser must give, for every input it accepts, exactly the string the full
/// sanitiser (HtmlSanitizer) gives: checked on chosen cases, on many random strings built from
/// markup fragments good and bad, and on every HTML value of the shared corpus.
/// </summary>
public sealed class WellFormedHtmlTests
{
    private const string Base = "https://example.org/news/item.html";

    [Theory]
    [InlineData("<p>Text <a href=\"https://e.org/x?a=1&amp;b=2\" onclick=\"go()\" class=\"c\">link</a></p>", "<p>Text <a href=\"https://e.org/x?a=1&amp;b=2\">link</a></p>")]
    [InlineData("<DIV><IMG SRC='/pics/a.png' ALT=\"&quot;A&quot; &amp; B\" style=\"x\"/></DIV>", "<div><img src=\"https://example.org/pics/a.png\" alt=\"&quot;A&quot; &amp; B\"></div>")]
    [InlineData("<span title=first title=second>p &lt; 0.05, a & b, x > y</span>", "<span title=\"first\">p &lt; 0.05, a &amp; b, x &gt; y</span>")]
    [InlineData("<h2>Caf&eacute;&nbsp;&#945;&#x3B2;</h2>", "<h2>Café&nbsp;αβ</h2>")]
    [InlineData("<ul>\r\n<li>one</li>\r<li>two</li></ul>", "<ul>\n<li>one</li>\n<li>two</li></ul>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>", null)]
    [InlineData("<p>open", null)]
    [InlineData("<p>one<p>two</p></p>", null)]
    [InlineData("<b><i>misnested</b></i>", null)]
    [InlineData("<p><div>block in p</div></p>", null)]
    [InlineData("<table><tr><td>x</td></tr></table>", null)]
    [InlineData("<script>alert(1)</script>", null)]
    [InlineData("<!-- comment -->text<br></br><img src=\"/a.png\"></img>", "text<br><br><img src=\"https://example.org/a.png\">")]
    [InlineData("<!-->text", null)]
    [InlineData("R&D, AT&T", "R&amp;D, AT&amp;T")]
    [InlineData("&copy2026", null)]
    [InlineData("<a href=\"https://e.org/?a=1&b=2&copy=3&notit\">q</a>", "<a href=\"https://e.org/?a=1&amp;b=2&amp;copy=3&amp;notit\">q</a>")]
    [InlineData("<a href=\"https://e.org/?a=1&not\">q</a>", null)]
    [InlineData("&notin;", null)]
    [InlineData("<pre>\ncode</pre>", null)]
    [InlineData("<span/>", null)]
    public void Accepted_markup_is_sanitised_and_the_rest_is_left_to_the_full_sanitiser(string html, string? expected)
    {
        var fast = WellFormedHtml.TrySanitize(html, Base);
        Assert.Equal(expected, fast);
        if (fast is not null)
        {
            Assert.Equal(HtmlContent.SanitizeFully(html, Base), fast);
        }
    }

    [Fact]
    public void Agrees_with_the_full_sanitiser_on_random_markup()
    {
        // Random trees of allowed elements (so that many are balanced, and many nest in ways the parser
        // restructures), with text, references and, now and then, a fragment that must be refused or
        // that changes the tree, or a missing end tag.
        (string Open, string? Close)[] elements =
        [
            ("<p>", "</p>"), ("<P>", "</P>"), ("<p class=a>", "</p>"), ("<p lang=en dir=ltr>", "</p>"), ("<p\nlang='en'>", "</p >"), ("<b>", "</b>"), ("<i>", "</i>"),
            ("<em>", "</em>"), ("<strong>", "</strong>"), ("<code>", "</code>"), ("<small>", "</small>"), ("<s>", "</s>"), ("<u>", "</u>"), ("<sup>", "</sup>"),
            ("<a href=\"http://x.org/a?b=1&amp;c=2\">", "</a>"), ("<a href='/rel/path?q=1'>", "</A>"), ("<a title=\"t\" title=\"u\" href=\"https://e.org\">", "</a>"),
            ("<A HREF=\"https://e.org/\" onclick=\"x()\">", "</a>"), ("<a href=\"https://e.org/a b\">", "</a>"), ("<a name=top>", "</a>"),
            ("<a href=\"http://x.org/?a=1&b=2&copy=3&notit&amp=4&lt\">", "</a>"), ("<a title=\"AT&T &copy; &copyx\" href=\"/p?x&y\">", "</a>"),
            ("<div>", "</div>"), ("<span style=\"color:red\">", "</span>"), ("<span id=s>", "</span>"), ("<span title='a\tb\nc'>", "</span>"),
            ("<ul>", "</ul>"), ("<ol>", "</ol>"), ("<li>", "</li>"), ("<dl>", "</dl>"), ("<dt>", "</dt>"), ("<dd>", "</dd>"), ("<h2>", "</h2>"), ("<h3 id=x>", "</h3>"),
            ("<pre>", "</pre>"), ("<blockquote>", "</blockquote>"), ("<q cite=\"http://x\">", "</q>"), ("<figure>", "</figure>"), ("<figcaption>", "</figcaption>"),
            ("<abbr title=\"T\">", "</abbr>"), ("<img src=\"/i.png\" alt=\"x &quot;y&quot;\">", null), ("<img src=x.png/>", null),
            ("<img alt=\"&{x}\" src=\"http://a/b.png\">", null), ("<img src=\"https://e.org/i.png\" width=10 height='20' border=0>", null),
            ("<br>", null), ("<br/>", null), ("<hr>", null), ("<hr/>", null),
        ];
        string[] text =
        [
            "x", "word", " ", "  ", "\n", "\t", "\r\n", "\r", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "\u00a0", "&hellip;", "&eacute;",
            "&copy;", "&#169;", "&#x3b1;", "&#X3B1;", "a & b", "&", "<", ">", "p < 0.05", "<3", "< p>", "é", "\ud83d\ude00", "'", "\"", "=", "/", "&{",
            "R&D", "AT&T", "&copyx", "&amp", "&ampx", "&x", "&#32;", "<!-- c -->", "<!---->", "<!-- a - b -->", "</img>", "</hr>", "</br>", "</BR>",
        ];
        string[] bad =
        [
            "<a href=javascript:alert(1)>", "<a href=\"JAVASCRIPT:x\">", "<a href=\"//evil.org/x\">", "<a href=\"rel\">", "<a href=\" https://e.org/\">",
            "<a href=\"http://a/&#106;s\">", "<a href>", "<!-->", "<!--->", "<!-- a --->", "<!-- a --!>", "<!-- open", "<img src=\"data:image/png;base64,AAAA\">",
            "</br>", "</hr>", "<table>", "<td>", "</td>", "<script>", "</script>", "<style>", "<!-- c -->", "<!x>", "<?p?>", "<font>", "</font>", "<p/>",
            "<p lang=\"en\"x>", "<p lang=en\"x>", "<a.b>", "</p x>", "</ p>", "</>", "<p =x>", "&Eacute;", "&notin;", "&not", "&copy", "&#0;", "&#128;",
            "&#x110000;", "&#;", "&#x;", "&#65", "R&D", "&#", "\ud800", "\u0001", "\u0085", "\f", "\u2028", "</p>", "<li>",
        ];
        string[] bases = [Base, "", "not a url", "http://e.org"];
        var random = new Random(20261203);
        var accepted = 0;
        const int Count = 40_000;
        for (var n = 0; n < Count; n++)
        {
            var html = new StringBuilder();
            Tree(html, random.Next(1, 4));
            void Tree(StringBuilder into, int depth)
            {
                for (var child = random.Next(0, 4); child >= 0; child--)
                {
                    var roll = random.Next(20);
                    if (roll == 0)
                    {
                        into.Append(bad[random.Next(bad.Length)]);
                    }
                    else if (roll < 9 || depth == 0)
                    {
                        into.Append(text[random.Next(text.Length)]);
                    }
                    else
                    {
                        var (open, close) = elements[random.Next(elements.Length)];
                        into.Append(open);
                        if (close is not null)
                        {
                            Tree(into, depth - 1);
                            into.Append(random.Next(30) == 0 ? "" : close);
                        }
                    }
                }
            }

            var baseUrl = bases[random.Next(bases.Length)];
            var fast = WellFormedHtml.TrySanitize(html.ToString(), baseUrl);
            if (fast is null)
            {
                continue;
            }

            accepted++;
            var full = HtmlContent.SanitizeFully(html.ToString(), baseUrl);
            Assert.True(full == fast, $"input: {html}\nbase: {baseUrl}\nfast: {fast}\nfull: {full}");
        }

        // Both paths are exercised: many strings are accepted, and many are not.
        Assert.InRange(accepted, Count / 20, Count - Count / 20);
    }

    [CorpusFact]
    public void Agrees_with_the_full_sanitiser_on_every_html_value_of_the_shared_corpus()
    {
        var corpus = RepositoryPaths.SharedCorpus!;
        var files = Directory.GetFiles(Path.Combine(corpus, "feeds", "real"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(corpus, "feedparser-tests"), "*.xml", SearchOption.AllDirectories));
        int values = 0, accepted = 0;
        foreach (var file in files)
        {
            foreach (var value in TextValues(file).Where(v => v.Contains('<', StringComparison.Ordinal) || v.Contains('&', StringComparison.Ordinal)))
            {
                values++;
                if (WellFormedHtml.TrySanitize(value, Base) is not { } fast)
                {
                    continue;
                }

                accepted++;
                var full = HtmlContent.SanitizeFully(value, Base);
                Assert.True(full == fast, $"{Path.GetFileName(file)}\ninput: {value}\nfast: {fast}\nfull: {full}");
            }
        }

        Assert.True(values > 1000 && accepted > 500, $"{values} values with markup, {accepted} accepted");
    }

    /// <summary>The text of every element of an XML file without child elements (where feeds keep escaped HTML); none for a file that is not well-formed.</summary>
    private static List<string> TextValues(string file)
    {
        var values = new List<string>();
        try
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
            while (reader.Read())
            {
                if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                {
                    values.Add(reader.Value);
                }
            }
        }
        catch (XmlException)
        {
            // A malformed test document: its values are covered by the parser's own tests.
        }

        return values;
    }
}
