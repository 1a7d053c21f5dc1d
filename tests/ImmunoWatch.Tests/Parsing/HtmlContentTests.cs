using System.Text.RegularExpressions;
using ImmunoWatch.Parsing;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>
/// The plain-text helpers are hand-written scans; these pin them to the simple definitions they
/// replace (runs of <c>\s</c> made one space and trimmed; every <c>&lt;[^&gt;]*&gt;</c> dropped), on
/// the awkward cases and on many random strings.
/// </summary>
public sealed class HtmlContentTests
{
    private static string CollapsedByRegex(string text) => Regex.Replace(text, @"\s+", " ").Trim();

    [Theory]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("  lead and trail \t", "lead and trail")]
    [InlineData("a\r\n\r\nb", "a b")]
    [InlineData("a\u00a0\u2028b\u0085c", "a b c")]
    [InlineData("\u3000", "")]
    [InlineData("one two", "one two")]
    public void White_space_runs_become_one_space_and_the_ends_are_trimmed(string text, string expected)
    {
        Assert.Equal(expected, HtmlContent.CollapseWhitespace(text));
        Assert.Equal(CollapsedByRegex(text), HtmlContent.CollapseWhitespace(text));
    }

    [Fact]
    public void Text_needing_no_change_is_returned_as_it_is()
    {
        var text = "already one space between words";
        Assert.Same(text, HtmlContent.CollapseWhitespace(text));
    }

    [Fact]
    public void Collapsing_agrees_with_the_regex_on_random_strings()
    {
        var random = new Random(20261203);
        char[] alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u2009', '\u0085', '\u200b', 'é'];
        for (var n = 0; n < 5000; n++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            Assert.Equal(CollapsedByRegex(text), HtmlContent.CollapseWhitespace(text));
        }
    }

    [Theory]
    [InlineData("<p>One</p><p>two</p>", "One two")]
    [InlineData("in<b>line</b> bold", "inline bold")]
    [InlineData("a <br/>b", "a b")]
    [InlineData("x < y and y > z", "x z")]
    [InlineData("x < y <i>and</i> z", "x and z")]
    [InlineData("trailing <unclosed", "trailing <unclosed")]
    [InlineData("<pre>code</pre>text", "codetext")]
    [InlineData("<H2 class=\"t\">Head</H2>Body", "Head Body")]
    [InlineData("<script>alert(1)</script>Kept", "Kept")]
    [InlineData("Fish &amp; chips", "Fish & chips")]
    public void Plain_text_drops_tags_and_keeps_words_of_separate_blocks_apart(string html, string expected)
    {
        Assert.Equal(expected, HtmlContent.ToPlainText(html));
        Assert.Equal(PlainByRegex(html), HtmlContent.ToPlainText(html));
    }

    [Fact]
    public void Plain_text_agrees_with_the_regex_on_random_markup()
    {
        var random = new Random(20261204);
        string[] pieces = ["<", ">", "</", "p", "b", "br/", "pre", "div", " ", "x", "&amp;", "\n", "<li>", "</td>"];
        for (var n = 0; n < 5000; n++)
        {
            var html = string.Concat(Enumerable.Range(0, random.Next(0, 10)).Select(_ => pieces[random.Next(pieces.Length)]));
            Assert.Equal(PlainByRegex(html), HtmlContent.ToPlainText(html));
        }
    }

    /// <summary>The definition: invisible blocks out, then each tag dropped (a block-level one leaves a space), entities decoded, white space collapsed.</summary>
    private static string PlainByRegex(string html)
    {
        var text = Regex.Replace(html, @"<(script|style|head|title)\b[^>]*>.*?</\1\s*>", " ", RegexOptions.IgnoreCase | RegexOptions.Singleline);
        text = Regex.Replace(text, "<[^>]*>", m => Regex.IsMatch(m.Value, @"^</?(br|p|div|li|tr|td|th|h[1-6]|ul|ol|table|blockquote|hr|section|article|dd|dt)\b", RegexOptions.IgnoreCase) ? " " : "");
        return CollapsedByRegex(System.Net.WebUtility.HtmlDecode(text));
    }
}
