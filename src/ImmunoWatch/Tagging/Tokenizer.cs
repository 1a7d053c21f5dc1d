namespace ImmunoWatch.Tagging;

/// <summary>
/// Splits text into words (runs of letters and digits) without allocating per word. Hyphens and
/// slashes separate words ("non-small-cell" is three words); a lone "s" after an apostrophe
/// ("Hodgkin's") is dropped.
/// </summary>
internal static class Tokenizer
{
    public static void Tokenize(string text, Vocabulary vocabulary, List<Token> tokens)
    {
        tokens.Clear();
        Span<char> lower = stackalloc char[64];
        var breakBefore = true;
        var commaBefore = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!IsWordChar(c))
            {
                if (c is '.' or ';' or ':' or '!' or '?' or '(' or ')' or '[' or ']')
                {
                    breakBefore = true;
                }
                else if (c == ',')
                {
                    commaBefore = true;
                }

                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text[i]))
            {
                i++;
            }

            var length = i - start;
            if (length == 1 && (text[start] == 's' || text[start] == 'S') && start > 0 && text[start - 1] is '\'' or '’')
            {
                continue;
            }

            var id = -1;
            var capitals = TokenCase.Lower;
            if (length <= lower.Length)
            {
                for (var k = 0; k < length; k++)
                {
                    var ch = text[start + k];
                    var upper = ch < 128 ? ch is >= 'A' and <= 'Z' : char.IsUpper(ch);
                    if (upper)
                    {
                        capitals = k == 0 ? TokenCase.Capitalised : TokenCase.Inner;
                    }

                    lower[k] = ch < 128 ? (char)(ch | (upper ? 0x20 : 0)) : char.ToLowerInvariant(ch);
                }

                id = vocabulary.Find(lower[..length]);
            }
            else
            {
                capitals = TokenCase.Inner; // too long to be a known word: let abbreviation lookups decide
            }

            tokens.Add(new Token(start, length, id, breakBefore, commaBefore, capitals));
            breakBefore = false;
            commaBefore = false;
        }
    }

    private static bool IsWordChar(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c);
}
