using System.Buffers;
using System.Text;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Sanitises the common shape of feed HTML in one scan, without building a DOM: balanced markup
/// from the sanitiser's allow-list whose tree an HTML parser would build exactly as written. The
/// result is the very string <see cref="HtmlContent"/>'s full sanitiser (HtmlSanitizer on
/// AngleSharp) produces for the same input; anything this scan cannot vouch for that way (a tag or
/// reference outside its tables, markup the parser would restructure, an unusual URL) makes it
/// return null, and the caller uses the full sanitiser.
/// </summary>
/// <remarks>
/// What it accepts, and why the output matches:
/// <list type="bullet">
/// <item>Tags: the allowed names except the table family (tables move stray content). Every end tag
/// closes the element opened last; at the end nothing is left open; no block that would close an
/// open <c>p</c>, no heading inside a heading, no <c>li</c>/<c>dd</c>/<c>dt</c> that would close an
/// earlier one, no formatting element inside one of its own name (the parser's implicit closings and
/// its adoption agency never run). Void elements (<c>br</c>, <c>hr</c>, <c>img</c>) have no end tag.</item>
/// <item>Attributes: names are lower-cased, the first of a repeated name wins, names off the list
/// are dropped, as is a value containing <c>&amp;{</c>. <c>href</c> and <c>src</c> are kept only when
/// absolute http or https (kept as written) or, with a base URL, a plain path resolved against it.</item>
/// <item>Text and values: character references from a short table or numeric ones to ordinary
/// characters are decoded, then re-escaped as the sanitiser's formatter does (<c>&amp;</c>,
/// <c>&lt;</c>, <c>&gt;</c>, no-break space; and <c>"</c> in values). An <c>&amp;</c> without a
/// semicolon is text when no legacy reference name (one the parser reads without its semicolon)
/// starts what follows it, or, in a value, when a letter, digit or <c>=</c> follows that name.
/// Plain comments are dropped, <c>&lt;/br&gt;</c> is a line break, <c>&lt;/img&gt;</c> and
/// <c>&lt;/hr&gt;</c> are dropped (all as the parser and the sanitiser do). Control characters
/// other than tab and line feed, other markup declarations, processing instructions and CDATA are
/// not accepted.</item>
/// </list>
/// </remarks>
internal static class WellFormedHtml
{
    private const int MaxDepth = 64;

    // Characters a text run stops at: markup, references, what the formatter escapes, and what is refused.
    private static readonly SearchValues<char> TextStops = SearchValues.Create(
        "<>&\u00a0\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f"
        + "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f");

    private static readonly SearchValues<char> NameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static readonly SearchValues<char> AttributeNameChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.");

    private static readonly SearchValues<char> PathChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/%+,=?");

    private enum Kind
    {
        Inline,
        Formatting,
        Void,
        Block,
        Heading,
        ListItem,
        DefinitionItem,
        Pre,
    }

    /// <summary>The element names accepted, as the strings used on the stack (so equal names are the same reference).</summary>
    private static readonly Dictionary<string, Kind> Elements = new(StringComparer.Ordinal)
    {
        ["abbr"] = Kind.Inline, ["cite"] = Kind.Inline, ["q"] = Kind.Inline, ["span"] = Kind.Inline, ["sub"] = Kind.Inline, ["sup"] = Kind.Inline,
        ["a"] = Kind.Formatting, ["b"] = Kind.Formatting, ["code"] = Kind.Formatting, ["em"] = Kind.Formatting, ["i"] = Kind.Formatting,
        ["s"] = Kind.Formatting, ["small"] = Kind.Formatting, ["strong"] = Kind.Formatting, ["u"] = Kind.Formatting,
        ["br"] = Kind.Void, ["img"] = Kind.Void, ["hr"] = Kind.Void,
        ["blockquote"] = Kind.Block, ["div"] = Kind.Block, ["dl"] = Kind.Block, ["figcaption"] = Kind.Block, ["figure"] = Kind.Block,
        ["ol"] = Kind.Block, ["p"] = Kind.Block, ["ul"] = Kind.Block,
        ["h1"] = Kind.Heading, ["h2"] = Kind.Heading, ["h3"] = Kind.Heading, ["h4"] = Kind.Heading, ["h5"] = Kind.Heading, ["h6"] = Kind.Heading,
        ["li"] = Kind.ListItem, ["dd"] = Kind.DefinitionItem, ["dt"] = Kind.DefinitionItem,
        ["pre"] = Kind.Pre,
    };

    private static readonly Dictionary<string, Kind>.AlternateLookup<ReadOnlySpan<char>> ElementNames = CheckedAgainstAllowList(Elements).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The attributes kept (the full sanitiser's own list); the rest are dropped.</summary>
    private static readonly HashSet<string> Attributes = new(HtmlContent.AllowedAttributes, StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AttributeNames = Attributes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Named references decoded here: the ones feeds use most, all with the same meaning in HTML 4 and HTML 5.</summary>
    private static readonly Dictionary<string, string> NamedReferences = new(StringComparer.Ordinal)
    {
        ["amp"] = "&", ["lt"] = "<", ["gt"] = ">", ["quot"] = "\"", ["apos"] = "'", ["nbsp"] = "\u00a0",
        ["hellip"] = "\u2026", ["mdash"] = "\u2014", ["ndash"] = "\u2013", ["lsquo"] = "\u2018", ["rsquo"] = "\u2019",
        ["ldquo"] = "\u201c", ["rdquo"] = "\u201d", ["laquo"] = "\u00ab", ["raquo"] = "\u00bb", ["bull"] = "\u2022",
        ["middot"] = "\u00b7", ["copy"] = "\u00a9", ["reg"] = "\u00ae", ["trade"] = "\u2122", ["deg"] = "\u00b0",
        ["plusmn"] = "\u00b1", ["times"] = "\u00d7", ["micro"] = "\u00b5", ["le"] = "\u2264", ["ge"] = "\u2265",
        ["alpha"] = "\u03b1", ["beta"] = "\u03b2", ["gamma"] = "\u03b3", ["kappa"] = "\u03ba", ["eacute"] = "\u00e9",
        ["auml"] = "\u00e4", ["ouml"] = "\u00f6", ["uuml"] = "\u00fc", ["szlig"] = "\u00df",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> References = NamedReferences.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// The sanitised form of <paramref name="html"/> (not trimmed), or null when it is not of the
    /// shape described above and needs the full sanitiser. <paramref name="baseUrl"/> is the
    /// sanitiser's base for relative URLs ("" for none).
    /// </summary>
    public static string? TrySanitize(string html, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(baseUrl);

        // The parser reads CR LF and a lone CR as LF.
        if (html.Contains('\r', StringComparison.Ordinal))
        {
            html = html.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        var output = new StringBuilder(html.Length + 32);
        var open = new List<string>(8);

        // Where the content of a <pre> opened last begins in the output: the parser drops a newline
        // that comes first there, and the formatter writes one back only when text starts with it.
        var preContent = -1;
        var i = 0;
        while (i < html.Length)
        {
            var run = html.AsSpan(i).IndexOfAny(TextStops);
            var end = run < 0 ? html.Length : i + run;
            if ((end > i && output.Length == preContent && html[i] == '\n') || !AppendText(output, html.AsSpan(i, end - i)))
            {
                return null;
            }

            i = end;
            if (i == html.Length)
            {
                break;
            }

            var c = html[i];
            if (c == '<')
            {
                var next = i + 1 < html.Length ? html[i + 1] : '\0';
                if (char.IsAsciiLetter(next))
                {
                    var depth = open.Count;
                    i = StartTag(html, i + 1, baseUrl, output, open);
                    if (open.Count > depth && open[^1] == "pre")
                    {
                        preContent = output.Length;
                    }
                }
                else if (next == '/' && i + 2 < html.Length && char.IsAsciiLetter(html[i + 2]))
                {
                    i = EndTag(html, i + 2, output, open);
                }
                else if (next == '!' && Comment(html, i) is var afterComment and > 0)
                {
                    // The sanitiser removes comments.
                    i = afterComment;
                    continue;
                }
                else if (next is '/' or '!' or '?')
                {
                    // An end tag without a name, another kind of comment, a doctype or a processing instruction.
                    return null;
                }
                else
                {
                    // A '<' that opens nothing is text.
                    output.Append("&lt;");
                    i++;
                    continue;
                }

                if (i < 0)
                {
                    return null;
                }

                continue;
            }

            switch (c)
            {
                case '>':
                    output.Append("&gt;");
                    i++;
                    break;
                case '\u00a0':
                    output.Append("&nbsp;");
                    i++;
                    break;
                case '&':
                    var length = Reference(html.AsSpan(i), inAttribute: false, out var decoded);
                    if (length == 0 || (output.Length == preContent && decoded[0] == '\n'))
                    {
                        return null;
                    }

                    AppendEscaped(output, decoded, inAttribute: false);
                    i += length;
                    break;
                default:
                    // A control character.
                    return null;
            }
        }

        return open.Count == 0 ? output.ToString() : null;
    }

    /// <summary>Appends a run of ordinary text; false when it holds an unpaired surrogate.</summary>
    private static bool AppendText(StringBuilder output, ReadOnlySpan<char> text)
    {
        for (var k = 0; k < text.Length; k++)
        {
            if (char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]))
            {
                k++;
            }
            else if (char.IsSurrogate(text[k]))
            {
                return false;
            }
        }

        output.Append(text);
        return true;
    }

    /// <summary>Reads the start tag whose name begins at <paramref name="i"/>; the index after its '&gt;', or -1 to give up.</summary>
    private static int StartTag(string html, int i, string baseUrl, StringBuilder output, List<string> open)
    {
        var nameEnd = i + html.AsSpan(i).IndexOfAnyExcept(NameChars);
        if (nameEnd < i)
        {
            return -1;
        }

        if (!IsSpace(html[nameEnd]) && html[nameEnd] is not ('>' or '/'))
        {
            return -1;
        }

        Span<char> lower = stackalloc char[16];
        var nameLength = nameEnd - i;
        if (nameLength > lower.Length || System.Text.Ascii.ToLower(html.AsSpan(i, nameLength), lower, out _) != OperationStatus.Done
            || !ElementNames.TryGetValue(lower[..nameLength], out var name, out var kind) || !MayOpen(name, kind, open))
        {
            return -1;
        }

        output.Append('<').Append(name);
        var seen = new List<string>(4);
        var k = nameEnd;
        var selfClosing = false;
        while (true)
        {
            k = SkipSpace(html, k);
            if (k >= html.Length)
            {
                return -1;
            }

            if (html[k] == '>')
            {
                k++;
                break;
            }

            if (html[k] == '/')
            {
                if (k + 1 < html.Length && html[k + 1] == '>')
                {
                    selfClosing = true;
                    k += 2;
                    break;
                }

                return -1;
            }

            k = Attribute(html, k, baseUrl, output, seen);
            if (k < 0)
            {
                return -1;
            }
        }

        output.Append('>');
        if (kind == Kind.Void)
        {
            return k;
        }

        // A self-closing flag on an element that has content is ignored by the parser (the element
        // stays open); rare in feeds, and left to the full sanitiser like very deep nesting.
        if (selfClosing || open.Count >= MaxDepth)
        {
            return -1;
        }

        open.Add(name);
        return k;
    }

    /// <summary>
    /// The element table, refused at start-up if it names an element the full sanitiser's
    /// allow-list does not: the scan must never keep what the sanitiser would remove.
    /// </summary>
    private static Dictionary<string, Kind> CheckedAgainstAllowList(Dictionary<string, Kind> elements)
    {
        var outside = elements.Keys.Except(HtmlContent.AllowedTags, StringComparer.Ordinal).ToList();
        return outside.Count == 0
            ? elements
            : throw new InvalidOperationException($"WellFormedHtml accepts elements the sanitiser's allow-list does not: {string.Join(", ", outside)}");
    }

    /// <summary>Whether the parser would open <paramref name="name"/> inside <paramref name="open"/> without closing or moving anything.</summary>
    private static bool MayOpen(string name, Kind kind, List<string> open)
    {
        switch (kind)
        {
            case Kind.Block or Kind.Pre or Kind.ListItem or Kind.DefinitionItem or Kind.Heading when open.Contains("p"):
                return false;
            case Kind.Void when name == "hr" && open.Contains("p"):
                return false;
            case Kind.Heading when open.Exists(e => Elements[e] == Kind.Heading):
                return false;
            case Kind.Formatting when open.Contains(name):
                return false;
            case Kind.ListItem:
                return NoneBefore(open, "li", "ul", "ol");
            case Kind.DefinitionItem:
                return NoneBefore(open, "dd", "dl", "dl") && NoneBefore(open, "dt", "dl", "dl");
            default:
                return true;
        }
    }

    /// <summary>True when, reading the open elements from the innermost, <paramref name="item"/> does not come before a <paramref name="list"/> or <paramref name="otherList"/>.</summary>
    private static bool NoneBefore(List<string> open, string item, string list, string otherList)
    {
        for (var k = open.Count - 1; k >= 0; k--)
        {
            var element = open[k];
            if (element == list || element == otherList)
            {
                return true;
            }

            if (element == item)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads one attribute at <paramref name="i"/> and appends it when kept; the index after it, or -1 to give up.</summary>
    private static int Attribute(string html, int i, string baseUrl, StringBuilder output, List<string> seen)
    {
        var nameEnd = i + html.AsSpan(i).IndexOfAnyExcept(AttributeNameChars);
        if (nameEnd <= i || nameEnd >= html.Length)
        {
            return -1;
        }

        var rawName = html.AsSpan(i, nameEnd - i);
        if (!IsSpace(html[nameEnd]) && html[nameEnd] is not ('=' or '>' or '/'))
        {
            // The parser's name goes on (it ends only at white space, '=', '>' or '/').
            return -1;
        }

        var k = SkipSpace(html, nameEnd);
        var value = "";
        if (k < html.Length && html[k] == '=')
        {
            k = SkipSpace(html, k + 1);
            if (k >= html.Length)
            {
                return -1;
            }

            int valueStart, valueEnd;
            var quote = html[k];
            if (quote is '"' or '\'')
            {
                valueStart = k + 1;
                valueEnd = html.IndexOf(quote, valueStart);
                if (valueEnd < 0)
                {
                    return -1;
                }

                k = valueEnd + 1;
                if (k < html.Length && !IsSpace(html[k]) && html[k] is not ('>' or '/'))
                {
                    return -1;
                }
            }
            else
            {
                valueStart = k;
                valueEnd = valueStart + html.AsSpan(valueStart).IndexOfAny(" \t\n>");
                if (valueEnd < valueStart || valueEnd == valueStart || html.AsSpan(valueStart, valueEnd - valueStart).IndexOfAny("\"'<=`") >= 0)
                {
                    return -1;
                }

                k = valueEnd;
            }

            var decoded = DecodeValue(html.AsSpan(valueStart, valueEnd - valueStart));
            if (decoded is null)
            {
                return -1;
            }

            value = decoded;
        }

        // A name off the list is dropped whatever its value; the list's longest name has 7 letters.
        Span<char> lower = stackalloc char[8];
        if (rawName.Length > lower.Length)
        {
            return k;
        }

        System.Text.Ascii.ToLower(rawName, lower, out _);
        if (!AttributeNames.TryGetValue(lower[..rawName.Length], out var name) || seen.Contains(name))
        {
            // The first of a repeated attribute is the one the parser keeps.
            return k;
        }

        seen.Add(name);
        if (value.Contains("&{", StringComparison.Ordinal))
        {
            return k;
        }

        if (name is "href" or "src")
        {
            var url = Url(value, baseUrl, out var giveUp);
            if (giveUp)
            {
                return -1;
            }

            if (url is null)
            {
                return k;
            }

            value = url;
        }

        output.Append(' ').Append(name).Append("=\"");
        AppendEscaped(output, value, inAttribute: true);
        output.Append('"');
        return k;
    }

    /// <summary>
    /// The sanitised form of a link or image URL: absolute http(s) kept as written; a plain path
    /// resolved against the base, or kept as it is without one. Anything else sets
    /// <paramref name="giveUp"/> (the full sanitiser decides).
    /// </summary>
    private static string? Url(string value, string baseUrl, out bool giveUp)
    {
        giveUp = false;
        if (value.StartsWith("https://", StringComparison.Ordinal) || value.StartsWith("http://", StringComparison.Ordinal))
        {
            return value;
        }

        if (value.Length > 0 && value[0] == '/' && (value.Length == 1 || value[1] != '/') && value.AsSpan().IndexOfAnyExcept(PathChars) < 0)
        {
            if (baseUrl.Length == 0)
            {
                return value;
            }

            if (Uri.TryCreate(baseUrl, UriKind.Absolute, out var baseUri) && baseUri.Scheme is "http" or "https"
                && Uri.TryCreate(baseUri, value, out var resolved))
            {
                return resolved.AbsoluteUri;
            }
        }

        giveUp = true;
        return null;
    }

    /// <summary>
    /// The index after the plain comment (<c>&lt;!--</c> text <c>--&gt;</c>) at <paramref name="i"/>,
    /// or -1 for anything else: another markup declaration, or a comment the parser ends early or
    /// late.
    /// </summary>
    private static int Comment(string html, int i)
    {
        var body = html.AsSpan(i);
        if (!body.StartsWith("<!--") || body[4..].StartsWith(">") || body[4..].StartsWith("->"))
        {
            return -1;
        }

        var end = body[4..].IndexOf("-->");
        if (end < 0 || body.Slice(4, end).IndexOf("--!") >= 0 || body.Slice(4, end).EndsWith("-"))
        {
            return -1;
        }

        return i + 4 + end + 3;
    }

    /// <summary>Reads the end tag whose name begins at <paramref name="i"/>; the index after its '&gt;', or -1 to give up.</summary>
    private static int EndTag(string html, int i, StringBuilder output, List<string> open)
    {
        var nameEnd = i + html.AsSpan(i).IndexOfAnyExcept(NameChars);
        if (nameEnd < i)
        {
            return -1;
        }

        var k = SkipSpace(html, nameEnd);
        if (k >= html.Length || html[k] != '>')
        {
            return -1;
        }

        var name = html.AsSpan(i, nameEnd - i);
        if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
        {
            // The parser reads </br> as <br>.
            output.Append("<br>");
            return k + 1;
        }

        if (name.Equals("img", StringComparison.OrdinalIgnoreCase) || name.Equals("hr", StringComparison.OrdinalIgnoreCase))
        {
            // An end tag for an element without content is dropped.
            return k + 1;
        }

        if (open.Count == 0 || !name.Equals(open[^1], StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }

        output.Append("</").Append(open[^1]).Append('>');
        open.RemoveAt(open.Count - 1);
        return k + 1;
    }

    /// <summary>An attribute value with its references decoded, or null when one is not certain.</summary>
    private static string? DecodeValue(ReadOnlySpan<char> value)
    {
        if (value.IndexOfAny(TextStops) < 0)
        {
            return value.ToString();
        }

        var decoded = new StringBuilder(value.Length);
        for (var k = 0; k < value.Length;)
        {
            var c = value[k];
            if (c == '&')
            {
                var length = Reference(value[k..], inAttribute: true, out var text);
                if (length == 0)
                {
                    return null;
                }

                decoded.Append(text);
                k += length;
            }
            else if (c is '\t' or '\n' || !(char.IsControl(c) || char.IsSurrogate(c)))
            {
                decoded.Append(c);
                k++;
            }
            else
            {
                return null;
            }
        }

        return decoded.ToString();
    }

    /// <summary>
    /// The length of the reference <paramref name="text"/> starts with and its text; 1 and "&amp;"
    /// for an ampersand the parser leaves as text; 0 when its reading of it is not certain here.
    /// </summary>
    private static int Reference(ReadOnlySpan<char> text, bool inAttribute, out string decoded)
    {
        decoded = "&";
        if (text.Length == 1 || !(char.IsAsciiLetterOrDigit(text[1]) || text[1] == '#'))
        {
            return 1;
        }

        if (text[1] == '#')
        {
            var semicolon = text[..Math.Min(text.Length, 12)].IndexOf(';');
            var body = semicolon < 0 ? default : text[2..semicolon];
            var hex = body.Length > 0 && body[0] is 'x' or 'X';
            var digits = hex ? body[1..] : body;
            if (digits.IsEmpty || digits.Length > 6
                || !int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
                || !IsOrdinaryCharacter(code))
            {
                return 0;
            }

            decoded = char.ConvertFromUtf32(code);
            return semicolon + 1;
        }

        var run = text[1..].IndexOfAnyExcept(NameChars);
        var name = run < 0 ? text[1..] : text.Slice(1, run);
        if (run >= 0 && text[1 + run] == ';')
        {
            if (!References.TryGetValue(name, out var named))
            {
                return 0;
            }

            decoded = named;
            return name.Length + 2;
        }

        // No semicolon: the parser still reads the longest of the legacy names that starts the run
        // (in an attribute, not when a letter, digit or '=' follows it); with none, the '&' is text.
        for (var length = Math.Min(name.Length, LongestLegacyName); length >= 2; length--)
        {
            if (LegacyNameLookup.Contains(name[..length]))
            {
                var following = 1 + length < text.Length ? text[1 + length] : '\0';
                return inAttribute && (char.IsAsciiLetterOrDigit(following) || following == '=') ? 1 : 0;
            }
        }

        return 1;
    }

    /// <summary>The named references an HTML parser also reads without their semicolon (the HTML standard's legacy list).</summary>
    private static readonly HashSet<string> LegacyNames = new(StringComparer.Ordinal)
    {
        "AElig", "AMP", "Aacute", "Acirc", "Agrave", "Aring", "Atilde", "Auml", "COPY", "Ccedil", "ETH", "Eacute", "Ecirc", "Egrave",
        "Euml", "GT", "Iacute", "Icirc", "Igrave", "Iuml", "LT", "Ntilde", "Oacute", "Ocirc", "Ograve", "Oslash", "Otilde", "Ouml",
        "QUOT", "REG", "THORN", "Uacute", "Ucirc", "Ugrave", "Uuml", "Yacute", "aacute", "acirc", "acute", "aelig", "agrave", "amp",
        "aring", "atilde", "auml", "brvbar", "ccedil", "cedil", "cent", "copy", "curren", "deg", "divide", "eacute", "ecirc", "egrave",
        "eth", "euml", "frac12", "frac14", "frac34", "gt", "iacute", "icirc", "iexcl", "igrave", "iquest", "iuml", "laquo", "lt", "macr",
        "micro", "middot", "nbsp", "not", "ntilde", "oacute", "ocirc", "ograve", "ordf", "ordm", "oslash", "otilde", "ouml", "para",
        "plusmn", "pound", "quot", "raquo", "reg", "sect", "shy", "sup1", "sup2", "sup3", "szlig", "thorn", "times", "uacute", "ucirc",
        "ugrave", "uml", "uuml", "yacute", "yen", "yuml",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> LegacyNameLookup = LegacyNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private const int LongestLegacyName = 6;

    /// <summary>A code point the parser takes from a numeric reference as it is (no replacement, no control).</summary>
    private static bool IsOrdinaryCharacter(int code) =>
        code is '\t' or '\n' or (>= 0x20 and <= 0x7e) or (>= 0xa0 and <= 0xd7ff) or (>= 0xe000 and <= 0xfdcf) or (>= 0xfdf0 and <= 0xfffd)
        || (code is >= 0x10000 and <= 0x10ffff && (code & 0xfffe) != 0xfffe);

    private static void AppendEscaped(StringBuilder output, string text, bool inAttribute)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    output.Append("&amp;");
                    break;
                case '<':
                    output.Append("&lt;");
                    break;
                case '>':
                    output.Append("&gt;");
                    break;
                case '\u00a0':
                    output.Append("&nbsp;");
                    break;
                case '"' when inAttribute:
                    output.Append("&quot;");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n';

    private static int SkipSpace(string html, int i)
    {
        while (i < html.Length && IsSpace(html[i]))
        {
            i++;
        }

        return i;
    }
}
