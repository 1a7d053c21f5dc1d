using System.Net;
using System.Text.RegularExpressions;
using Ganss.Xss;

namespace ImmunoWatch.Parsing;

/// <summary>
/// The two forms of feed HTML that ImmunoWatch keeps: sanitised HTML (a strict allow-list, links
/// http/https only, relative URLs made absolute) for email and web, and plain text for search and
/// tagging.
/// </summary>
public static partial class HtmlContent
{
    /// <summary>The elements sanitised HTML may keep (the one list: <see cref="WellFormedHtml"/> accepts a subset of it).</summary>
    internal static readonly string[] AllowedTags =
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
        "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    ];

    /// <summary>The attributes sanitised HTML may keep (lower case; shared with <see cref="WellFormedHtml"/>).</summary>
    internal static readonly string[] AllowedAttributes = ["href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "lang", "dir"];

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string? html, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        // Most feed HTML is a few bare formatting tags; when it is only that, and balanced, it is
        // already safe. Most of the rest is well-formed markup from the allow-list, which one scan
        // sanitises to the very string the full (slow) sanitiser would; that takes everything else.
        if (IsPlainFormatting(html))
        {
            return EscapeBareAmpersands(html).Trim();
        }

        return (WellFormedHtml.TrySanitize(html, baseUrl ?? "") ?? Sanitizer.Sanitize(html, baseUrl ?? "")).Trim();
    }

    /// <summary>The full sanitiser alone (not trimmed): what <see cref="WellFormedHtml"/> must agree with.</summary>
    internal static string SanitizeFully(string html, string baseUrl) => Sanitizer.Sanitize(html, baseUrl);

    /// <summary>
    /// True when <paramref name="html"/> holds only text, character references and balanced,
    /// attribute-free tags from a small formatting set (b, i, em, strong, u, sub, sup, p, br, ul, ol, li).
    /// </summary>
    internal static bool IsPlainFormatting(string html)
    {
        // Names of the tags still open, as the set's own strings (so nothing is allocated per tag).
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var next = html.AsSpan(i).IndexOfAny('<', '>', '&');
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = html[i];
            if (c == '>')
            {
                return false;
            }

            if (c == '&')
            {
                // A character reference is skipped whole; a bare '&' is text (escaped on output).
                i += ReferenceLength(html.AsSpan(i));
                continue;
            }

            var close = html.IndexOf('>', i);
            if (close < 0)
            {
                return false;
            }

            var tag = html.AsSpan(i + 1, close - i - 1).Trim();
            var closing = tag.StartsWith("/");
            var selfClosing = tag.EndsWith("/");
            var tagName = tag.Trim('/').Trim();
            if (!System.Text.Ascii.IsValid(tagName) || !FormattingTagNames.TryGetValue(tagName, out var name))
            {
                return false;
            }

            if (name == "br")
            {
                // void: <br>, <br/>, </br> are all a line break
            }
            else if (closing)
            {
                if (open.Count == 0 || !ReferenceEquals(open.Pop(), name))
                {
                    return false;
                }
            }
            else if (!selfClosing)
            {
                open.Push(name);
            }

            i = close + 1;
        }

        return open.Count == 0;
    }

    /// <summary>The length of the character reference <paramref name="text"/> starts with ('&amp;' included), or 1 for a bare '&amp;'.</summary>
    private static int ReferenceLength(ReadOnlySpan<char> text)
    {
        var end = text[..Math.Min(text.Length, 13)].IndexOf(';');
        return end > 0 && IsReference(text[1..end]) ? end + 1 : 1;
    }

    private static string EscapeBareAmpersands(string html)
    {
        var first = html.IndexOf('&', StringComparison.Ordinal);
        if (first < 0)
        {
            return html;
        }

        var output = new System.Text.StringBuilder(html.Length + 16);
        output.Append(html, 0, first);
        for (var i = first; i < html.Length;)
        {
            if (html[i] != '&')
            {
                var run = html.AsSpan(i).IndexOf('&');
                var length = run < 0 ? html.Length - i : run;
                output.Append(html, i, length);
                i += length;
                continue;
            }

            var reference = ReferenceLength(html.AsSpan(i));
            if (reference == 1)
            {
                output.Append("&amp;");
            }
            else
            {
                output.Append(html, i, reference);
            }

            i += reference;
        }

        return output.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static readonly HashSet<string> FormattingTags = new(StringComparer.OrdinalIgnoreCase) { "b", "i", "em", "strong", "u", "sub", "sup", "p", "br", "ul", "ol", "li" };
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FormattingTagNames = FormattingTags.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsReference(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        if (name[0] == '#')
        {
            var digits = name.Length > 1 && (name[1] == 'x' || name[1] == 'X') ? name[2..] : name[1..];
            return !digits.IsEmpty && digits.IndexOfAnyExcept(HexDigits) < 0;
        }

        return name.IndexOfAnyExcept(AsciiLettersAndDigits) < 0;
    }

    /// <summary>Text content of <paramref name="html"/>: tags dropped, entities decoded once, whitespace collapsed.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var text = html;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = InvisibleBlocks().Replace(text, " ");
            text = DropTags(text);
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        return CollapseWhitespace(text);
    }

    /// <summary>Each tag (from '&lt;' to the next '&gt;') dropped, a block-level one replaced by a space so that words on either side stay apart.</summary>
    private static string DropTags(string html)
    {
        var output = new System.Text.StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var open = html.IndexOf('<', i);
            var close = open < 0 ? -1 : html.IndexOf('>', open);
            if (close < 0)
            {
                // No complete tag left: the rest is text, a stray '<' included.
                output.Append(html, i, html.Length - i);
                break;
            }

            output.Append(html, i, open - i);
            if (BlockTag().IsMatch(html.AsSpan(open, close - open + 1)))
            {
                output.Append(' ');
            }

            i = close + 1;
        }

        return output.ToString();
    }

    /// <summary>Runs of white space made one space, none at either end; the same string when there is nothing to change.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!NeedsCollapsing(text))
        {
            return text;
        }

        var output = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = output.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                output.Append(' ');
                pendingSpace = false;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    private static bool NeedsCollapsing(string text)
    {
        if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            // Anything but a single ' ' between two other characters needs rewriting.
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || char.IsWhiteSpace(text[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(AllowedAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src" },
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        return sanitizer;
    }

    [GeneratedRegex(@"<(script|style|head|title)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleBlocks();

    [GeneratedRegex(@"^</?(br|p|div|li|tr|td|th|h[1-6]|ul|ol|table|blockquote|hr|section|article|dd|dt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();
}
