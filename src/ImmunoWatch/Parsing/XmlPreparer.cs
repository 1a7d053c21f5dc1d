using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Makes decoded feed text safe and palatable for an XML parser before any parser sees it:
/// <list type="bullet">
/// <item>the DOCTYPE is removed, so an internal subset can never expand entities (billion laughs,
/// quadratic blow-up) or point at external ones; a handful of short literal entities it declared are
/// substituted once, within a budget, so legitimate old feeds keep their text;</item>
/// <item>HTML named entities (&amp;nbsp; ...) that XML does not know become numeric references, and a
/// bare or unknown '&amp;' becomes literal text, outside CDATA and comments;</item>
/// <item>characters XML 1.0 forbids (NUL, most C0 controls) are dropped, and anything before the first
/// '&lt;' (blank lines, a stray BOM) is trimmed.</item>
/// </list>
/// </summary>
public static partial class XmlPreparer
{
    private const int MaxDeclaredEntities = 64;
    private const int MaxDeclaredEntityLength = 512;
    private const int MaxTotalExpansion = 256 * 1024;

    public static string Prepare(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf('<', StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FeedParseException(FeedParseErrorKind.NotXml, "document contains no markup");
        }

        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        var withoutDoctype = start == 0 && FindDoctypeInProlog(text) < 0 ? text : RemoveDoctype(text.AsSpan(start), declared);
        return RewriteEntitiesAndControls(withoutDoctype, declared);
    }

    private static string RemoveDoctype(ReadOnlySpan<char> text, Dictionary<string, string> declared)
    {
        var at = FindDoctypeInProlog(text);
        if (at < 0)
        {
            return text.ToString();
        }

        var end = at + "<!DOCTYPE".Length;
        var subsetStart = -1;
        var subsetEnd = -1;
        char? quote = null;
        for (; end < text.Length; end++)
        {
            var c = text[end];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '[' && subsetStart < 0)
            {
                subsetStart = end + 1;
                subsetEnd = SubsetEnd(text, subsetStart);
                if (subsetEnd < 0)
                {
                    throw new FeedParseException(FeedParseErrorKind.Malformed, "DOCTYPE internal subset is not closed");
                }

                end = subsetEnd;
            }
            else if (c == '>')
            {
                break;
            }
        }

        if (subsetStart >= 0)
        {
            CollectLiteralEntities(text[subsetStart..subsetEnd].ToString(), declared);
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text[..at]);
        if (end < text.Length)
        {
            builder.Append(text[(end + 1)..]);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The DOCTYPE's position, looking only in the prolog (declaration, comments, processing
    /// instructions, whitespace): "&lt;!DOCTYPE" in a comment or deeper in the document is text.
    /// </summary>
    private static int FindDoctypeInProlog(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
            }
            else if (text[i..].StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = text[i..].IndexOf("-->", StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                i += end + 3;
            }
            else if (text[i..].StartsWith("<?", StringComparison.Ordinal))
            {
                var end = text[i..].IndexOf("?>", StringComparison.Ordinal);
                if (end < 0)
                {
                    return -1;
                }

                i += end + 2;
            }
            else
            {
                return text[i..].StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) ? i : -1;
            }
        }

        return -1;
    }

    private static int SubsetEnd(ReadOnlySpan<char> text, int from)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        return -1;
    }

    private static void CollectLiteralEntities(string subset, Dictionary<string, string> declared)
    {
        foreach (Match m in EntityDeclaration().Matches(subset))
        {
            var value = m.Groups["value"].Value;
            if (declared.Count >= MaxDeclaredEntities || value.Length > MaxDeclaredEntityLength)
            {
                continue;
            }

            // Only literal text or a single character reference: nothing that could expand further.
            if (value.Contains('&', StringComparison.Ordinal) && !SingleCharacterReference().IsMatch(value))
            {
                continue;
            }

            declared.TryAdd(m.Groups["name"].Value, value);
        }
    }

    private static string RewriteEntitiesAndControls(string text, Dictionary<string, string> declared)
    {
        // Runs of ordinary characters are copied whole; only markup openings, references and
        // characters XML forbids are looked at one by one. A document whose references are all
        // XML's own and that has no forbidden character comes back as it is, uncopied (most do:
        // a copy of a whole feed is one more large object for the garbage collector).
        if (IsAlreadyXml(text))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 64);
        var expansion = 0;
        var i = 0;
        while (i < text.Length)
        {
            var run = text.AsSpan(i).IndexOfAny(MarkupReferenceOrForbidden);
            if (run < 0)
            {
                output.Append(text.AsSpan(i));
                break;
            }

            output.Append(text.AsSpan(i, run));
            i += run;
            var c = text[i];
            if (c == '<' && At(text, i, "<![CDATA["))
            {
                i = CopyUntil(text, i, "]]>", output);
            }
            else if (c == '<' && At(text, i, "<!--"))
            {
                i = CopyUntil(text, i, "-->", output);
            }
            else if (c == '&')
            {
                i = RewriteReference(text, i, output, declared, ref expansion);
            }
            else
            {
                if (c == '<')
                {
                    output.Append(c);
                }

                i++;
            }
        }

        return output.ToString();
    }

    /// <summary>No character XML forbids, and every '&amp;' starts one of XML's five entities or a valid character reference.</summary>
    private static bool IsAlreadyXml(string text)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAny(ReferenceOrForbidden);
            if (at < 0)
            {
                return true;
            }

            if (rest[at] != '&')
            {
                return false;
            }

            rest = rest[(at + 1)..];
            var semicolon = rest[..Math.Min(40, rest.Length)].IndexOf(';');
            if (semicolon < 0)
            {
                return false;
            }

            var name = rest[..semicolon];
            if (!IsKeptAsItIs(name))
            {
                return false;
            }

            rest = rest[(semicolon + 1)..];
        }
    }

    private static int RewriteReference(string text, int at, StringBuilder output, Dictionary<string, string> declared, ref int expansion)
    {
        var semicolon = text.IndexOf(';', at + 1, Math.Min(40, text.Length - at - 1));
        if (semicolon < 0)
        {
            output.Append("&amp;");
            return at + 1;
        }

        var name = text.AsSpan(at + 1, semicolon - at - 1);
        if (name.Length > 0 && name[0] == '#')
        {
            if (IsValidCharacterReference(name))
            {
                output.Append(text, at, semicolon - at + 1);
            }
            else
            {
                output.Append("&amp;");
                return at + 1;
            }

            return semicolon + 1;
        }

        if (!IsXmlName(name))
        {
            output.Append("&amp;");
            return at + 1;
        }

        if (IsKeptAsItIs(name))
        {
            output.Append(text, at, semicolon - at + 1);
            return semicolon + 1;
        }

        var entity = name.ToString();

        if (declared.TryGetValue(entity, out var value) && expansion + value.Length <= MaxTotalExpansion)
        {
            expansion += value.Length;
            output.Append(value.Contains('&', StringComparison.Ordinal) ? value : EscapeText(value));
            return semicolon + 1;
        }

        var decoded = WebUtility.HtmlDecode("&" + entity + ";");
        if (decoded.Length > 0 && decoded[0] != '&')
        {
            foreach (var rune in decoded.EnumerateRunes())
            {
                output.Append("&#").Append(rune.Value).Append(';');
            }

            return semicolon + 1;
        }

        // Unknown entity: keep it as visible text rather than failing the whole feed.
        output.Append("&amp;");
        return at + 1;
    }

    /// <summary>A reference XML reads as it is: one of its five entities, or a valid character reference.</summary>
    private static bool IsKeptAsItIs(ReadOnlySpan<char> name) =>
        name is "amp" or "lt" or "gt" or "quot" or "apos" || (name.Length > 0 && name[0] == '#' && IsValidCharacterReference(name));

    private static bool IsValidCharacterReference(ReadOnlySpan<char> name)
    {
        var hex = name.Length > 1 && (name[1] == 'x' || name[1] == 'X');
        var digits = hex ? name[2..] : name[1..];
        if (digits.IsEmpty || digits.Length > 8)
        {
            return false;
        }

        if (!int.TryParse(digits, hex ? System.Globalization.NumberStyles.HexNumber : System.Globalization.NumberStyles.None, null, out var code))
        {
            return false;
        }

        return code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }

    private static bool IsXmlName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsLetter(name[0]) || name[0] == '_' || name[0] == ':'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or ':' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string EscapeText(string value) =>
        value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static bool IsForbiddenInXml(char c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF';

    private static bool At(string text, int i, string token) =>
        string.CompareOrdinal(text, i, token, 0, token.Length) == 0;

    private static int CopyUntil(string text, int from, string terminator, StringBuilder output)
    {
        var end = text.IndexOf(terminator, from, StringComparison.Ordinal);
        var stop = end < 0 ? text.Length : end + terminator.Length;
        var span = text.AsSpan(from, stop - from);
        for (var skip = span.IndexOfAny(Forbidden); skip >= 0; skip = span.IndexOfAny(Forbidden))
        {
            output.Append(span[..skip]);
            span = span[(skip + 1)..];
        }

        output.Append(span);
        return stop;
    }

    /// <summary>Characters XML 1.0 does not allow: C0 controls other than tab, line feed and carriage return; U+FFFE and U+FFFF.</summary>
    private static readonly SearchValues<char> Forbidden = SearchValues.Create(ForbiddenCharacters());

    private static readonly SearchValues<char> ReferenceOrForbidden = SearchValues.Create("&" + ForbiddenCharacters());

    private static readonly SearchValues<char> MarkupReferenceOrForbidden = SearchValues.Create("<&" + ForbiddenCharacters());

    private static string ForbiddenCharacters() =>
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c).Where(IsForbiddenInXml)) + "\uFFFE\uFFFF";

    [GeneratedRegex("""<!ENTITY\s+(?<name>[A-Za-z_][\w.-]*)\s+(?:"(?<value>[^"]*)"|'(?<value>[^']*)')\s*>""", RegexOptions.CultureInvariant)]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex("^&#(?:[0-9]{1,7}|x[0-9A-Fa-f]{1,6});$", RegexOptions.CultureInvariant)]
    private static partial Regex SingleCharacterReference();
}
