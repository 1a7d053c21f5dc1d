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
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    public static string Sanitize(string? html, string? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        // Most feed HTML is a few bare formatting tags; when it is only that, and balanced, it is
        // already safe, and the full (slow to start) sanitiser is not needed.
        return IsPlainFormatting(html) ? EscapeBareAmpersands(html).Trim() : Sanitizer.Sanitize(html, baseUrl ?? "").Trim();
    }

    /// <summary>
    /// True when <paramref name="html"/> holds only text, character references and balanced,
    /// attribute-free tags from a small formatting set (b, i, em, strong, u, sub, sup, p, br, ul, ol, li).
    /// </summary>
    internal static bool IsPlainFormatting(string html)
    {
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '>')
            {
                return false;
            }

            if (c == '&')
            {
                // A character reference is skipped whole; a bare '&' is text (escaped on output).
                var end = html.IndexOf(';', i);
                i = end > i && end - i <= 12 && IsReference(html.AsSpan(i + 1, end - i - 1)) ? end + 1 : i + 1;
                continue;
            }

            if (c != '<')
            {
                i++;
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
            var name = tag.Trim('/').Trim().ToString().ToLowerInvariant();
            if (!FormattingTags.Contains(name))
            {
                return false;
            }

            if (name == "br")
            {
                // void: <br>, <br/>, </br> are all a line break
            }
            else if (closing)
            {
                if (open.Count == 0 || open.Pop() != name)
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

    private static string EscapeBareAmpersands(string html)
    {
        if (!html.Contains('&', StringComparison.Ordinal))
        {
            return html;
        }

        var output = new System.Text.StringBuilder(html.Length + 16);
        for (var i = 0; i < html.Length; i++)
        {
            var end = html[i] == '&' ? html.IndexOf(';', i) : -1;
            var isReference = end > i && end - i <= 12 && IsReference(html.AsSpan(i + 1, end - i - 1));
            output.Append(html[i] == '&' && !isReference ? "&amp;" : html[i].ToString());
        }

        return output.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static readonly HashSet<string> FormattingTags = new(StringComparer.Ordinal) { "b", "i", "em", "strong", "u", "sub", "sup", "p", "br", "ul", "ol", "li" };

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
            text = Tags().Replace(text, m => BlockTag().IsMatch(m.Value) ? " " : "");
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        return CollapseWhitespace(text);
    }

    public static string CollapseWhitespace(string text) => Spaces().Replace(text, " ").Trim();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "div", "dl", "dt", "em",
                "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
                "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
                "thead", "tr", "u", "ul",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "href", "src", "alt", "title", "width", "height", "colspan", "rowspan", "lang", "dir",
            },
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

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"^</?(br|p|div|li|tr|td|th|h[1-6]|ul|ol|table|blockquote|hr|section|article|dd|dt)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
