namespace ImmunoWatch.Tagging;

/// <summary>
/// Finds the cancer types a text names and rolls each up to its OncoTree tissue. Longest phrase
/// wins, so "non-small cell lung cancer" is one mention and "brain metastases" or "colorectal
/// adenoma" consume their words without counting. Benign, premalignant and secondary mentions
/// are skipped; ambiguous abbreviations (ALL, MM, UC ...) count only beside other cancer words and
/// never in all-capitals text; coordinated organs share a head ("breast and ovarian cancer").
/// </summary>
public sealed class CancerTypeTagger
{
    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "benign", "noncancerous", "nonmalignant", "premalignant", "precancerous", "secondary", "pseudo", "non", "pre" };

    /// <summary>Words that may follow the last organ of a list: a conjunction, a preposition or a verb of the sentence.</summary>
    private static readonly HashSet<string> ListFollowers = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "in", "among", "with", "without", "from", "of", "at", "after", "before", "during", "for", "by", "on", "to",
        "is", "are", "was", "were", "has", "have", "had", "remains", "remain", "who", "which", "that",
    };

    private static readonly string[] ContextWords = ["oncology", "oncologic", "oncological", "chemotherapy", "metastatic", "malignant", "tumor", "cancer", "carcinoma", "lymphoma", "leukemia", "myeloma", "neoplasm", "radiotherapy", "immunotherapy"];
    private readonly bool[] _isContextWord;

    private readonly Lexicon _lexicon;
    private readonly Dictionary<string, string> _sitePhrases;

    public CancerTypeTagger(OncoTree tree)
    {
        Tree = tree;
        (_lexicon, _sitePhrases) = CancerLexicon.Build(tree);
        var contextIds = ContextWords.Select(_lexicon.Vocabulary.Add).ToArray();
        _isContextWord = new bool[contextIds.Max() + 1];
        foreach (var id in contextIds)
        {
            _isContextWord[id] = true;
        }
    }

    public static CancerTypeTagger Shipped => TaggingModel.Cancers;

    public OncoTree Tree { get; }

    /// <summary>Cancer types in the given texts (title, summary ...), most specific per tissue, sorted by site then code.</summary>
    public (IReadOnlyList<CancerType> Types, bool GenericCancer) Tag(params string?[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Tag(texts.Select(t => new TextSegment().Load(t)).ToArray());
    }

    /// <param name="segments">Title, summary ...</param>
    /// <param name="isTrial">Whether the item is a trial: group names ("blood cancers") then stand for their tissues.</param>
    internal (IReadOnlyList<CancerType> Types, bool GenericCancer) Tag(TextSegment[] segments, bool isTrial = false)
    {
        HashSet<string>? found = null;
        List<string>? pending = null;
        var generic = false;
        var context = false;
        foreach (var segment in segments)
        {
            var text = segment.Text;
            var tokens = segment.Tokens;
            if (tokens.Count == 0)
            {
                continue;
            }

            bool? shouting = null;
            for (var i = 0; i < tokens.Count;)
            {
                if (_lexicon.Match(text, tokens, i, allowCaseSensitive: true) is not { } match)
                {
                    context |= (uint)tokens[i].WordId < (uint)_isContextWord.Length && _isContextWord[tokens[i].WordId];
                    i++;
                    continue;
                }

                // "malignant melanoma of the anus": a longer cancer phrase starting one word later wins,
                // unless that word is an organ ("cutaneous squamous cell carcinoma of the head and neck"
                // is a skin cancer).
                var start = i;
                if (match.End - i >= 2 && _lexicon.Match(text, tokens, i + 1, allowCaseSensitive: true) is { } later
                    && later.End > match.End && later.Entry.Kind == LexiconEntryKind.Cancer && MatchSitePhrase(text, tokens, i) is null)
                {
                    (start, match) = (i + 1, later);
                }

                var (entry, end) = match;
                var kind = entry.TrialOnly && !isTrial ? LexiconEntryKind.Generic : entry.Kind;
                if (kind is LexiconEntryKind.Cancer or LexiconEntryKind.Generic && !IsNegated(text, tokens, start, kind)
                    && !(entry.NeedsCancerContext && (shouting ??= IsShouting(text))))
                {
                    if (kind == LexiconEntryKind.Generic)
                    {
                        generic = true;
                        context = true;
                    }
                    else if (IsPartOfName(text, tokens[start], end - start))
                    {
                        // "HCC1937", "HCC-1937", "HCC/1937": a cell line, not the disease.
                    }
                    else if (entry.NeedsCancerContext)
                    {
                        (pending ??= []).AddRange(entry.Code.Split('+'));
                    }
                    else
                    {
                        found ??= new HashSet<string>(StringComparer.Ordinal);
                        found.UnionWith(entry.Code.Split('+'));
                        context = true;
                        if (entry.SharesHead)
                        {
                            AddCoordinated(text, tokens, start, found);
                            end = AddFollowing(text, tokens, start, end, found);
                        }
                    }
                }

                i = end;
            }
        }

        if (context && pending is not null)
        {
            found ??= new HashSet<string>(StringComparer.Ordinal);
            found.UnionWith(pending);
        }

        return (found is null ? [] : MostSpecific(found), generic);
    }

    private IReadOnlyList<CancerType> MostSpecific(HashSet<string> codes)
    {
        if (codes.Count == 1 && Tree.Find(codes.First()) is { } only)
        {
            return [new CancerType(only.Code, only.Name, only.Site)];
        }

        var nodes = codes.Select(Tree.Find).OfType<OncoTreeNode>().ToList();
        return nodes
            .Where(n => !nodes.Any(other => other.Code != n.Code && Tree.IsAncestorOrSelf(n.Code, other.Code)))
            .Select(n => new CancerType(n.Code, n.Name, n.Site))
            .OrderBy(t => t.Site, StringComparer.Ordinal)
            .ThenBy(t => t.Code, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"breast and ovarian cancer", "ovarian, breast and prostate cancers": organs before the matched one share its head.</summary>
    private void AddCoordinated(string text, List<Token> tokens, int start, HashSet<string> found)
    {
        var position = start;
        while (position > 0 && !tokens[position].BreakBefore)
        {
            var before = position - 1;
            var gap = text.AsSpan(tokens[before].Start + tokens[before].Length, tokens[position].Start - tokens[before].Start - tokens[before].Length).Trim();
            var joined = tokens[position].CommaBefore || gap is "-" or "/" or "–";
            while (before >= 0 && (Is(text, tokens[before], "and") || Is(text, tokens[before], "or")))
            {
                before--; // "and", "or", "and/or"
                joined = true;
            }

            if (!joined || before < 0)
            {
                return;
            }

            var matched = false;
            for (var length = Math.Min(4, before + 1); length >= 1 && !matched; length--)
            {
                var first = before - length + 1;
                if (SitePhrase(text, tokens, first, length) is { } code)
                {
                    found.Add(code);
                    position = first;
                    matched = true;
                }
            }

            if (!matched)
            {
                return;
            }
        }
    }

    /// <summary>"cancer of the renal pelvis, ureter or bladder": organs listed after an "of" phrase share its head.</summary>
    private int AddFollowing(string text, List<Token> tokens, int start, int end, HashSet<string> found)
    {
        var hasOf = false;
        for (var k = start; k < end && !hasOf; k++)
        {
            hasOf = Is(text, tokens[k], "of");
        }

        while (hasOf && end < tokens.Count && !tokens[end].BreakBefore)
        {
            var next = end;
            var joined = tokens[next].CommaBefore;
            while (next < tokens.Count && !tokens[next].BreakBefore && (Is(text, tokens[next], "and") || Is(text, tokens[next], "or")))
            {
                next++;
                joined = true;
            }

            if (!joined || next >= tokens.Count || tokens[next].BreakBefore)
            {
                break;
            }

            if (Is(text, tokens[next], "the"))
            {
                next++;
            }

            if (MatchSitePhrase(text, tokens, next) is not { } site
                || _lexicon.Match(text, tokens, next, allowCaseSensitive: false) is { Entry.Kind: LexiconEntryKind.None }
                || !EndsListItem(text, tokens, site.End))
            {
                // Not an organ, an organ named as a metastasis site ("... and bone metastases"), or
                // the start of another phrase ("cancer of the breast and lung function").
                break;
            }

            found.Add(site.Code);
            end = site.End;
        }

        return end;
    }

    /// <summary>Whether the list can end or go on after the organ that ends at <paramref name="end"/>.</summary>
    private static bool EndsListItem(string text, List<Token> tokens, int end) =>
        end >= tokens.Count || tokens[end].BreakBefore || tokens[end].CommaBefore
        || ListFollowers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(tokens[end].Start, tokens[end].Length));

    /// <summary>The longest organ phrase (sites.tsv) starting at token <paramref name="start"/>, within one clause.</summary>
    private (string Code, int End)? MatchSitePhrase(string text, List<Token> tokens, int start)
    {
        for (var length = Math.Min(4, tokens.Count - start); length >= 1; length--)
        {
            if (Enumerable.Range(start + 1, length - 1).All(k => !tokens[k].BreakBefore) && SitePhrase(text, tokens, start, length) is { } code)
            {
                return (code, start + length);
            }
        }

        return null;
    }

    /// <summary>The OncoTree code of the organ phrase made of <paramref name="length"/> tokens from <paramref name="first"/>, if it is one.</summary>
    private string? SitePhrase(string text, List<Token> tokens, int first, int length)
    {
        var phrase = string.Join(' ', Enumerable.Range(first, length).Select(k => text.Substring(tokens[k].Start, tokens[k].Length).ToLowerInvariant()));
        return _sitePhrases.GetValueOrDefault(phrase);
    }

    private static bool IsNegated(string text, List<Token> tokens, int start, LexiconEntryKind kind)
    {
        if (start == 0 || tokens[start].BreakBefore)
        {
            return false;
        }

        var previous = tokens[start - 1];
        var word = text.AsSpan(previous.Start, previous.Length);
        foreach (var negator in Negators)
        {
            if (word.Equals(negator, StringComparison.OrdinalIgnoreCase))
            {
                // "non"/"pre" negate only a bare cancer word ("non-cancer controls"); before a type they
                // are part of a longer name the lexicon does not know ("non-squamous non-small cell").
                return kind == LexiconEntryKind.Generic || negator is not ("non" or "pre");
            }
        }

        return false;
    }

    /// <summary>A one-word abbreviation glued to digits by '-' or '/' names a cell line or gene, not a disease.</summary>
    private static bool IsPartOfName(string text, Token token, int tokenCount)
    {
        if (tokenCount != 1 || !char.IsUpper(text[token.Start]))
        {
            return false;
        }

        var after = token.Start + token.Length;
        return after + 1 < text.Length && text[after] is '-' or '/' && char.IsDigit(text[after + 1]);
    }

    private static bool IsShouting(string text)
    {
        int letters = 0, upper = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                upper += char.IsUpper(c) ? 1 : 0;
            }
        }

        return letters > 20 && upper > letters * 0.6;
    }

    private static bool Is(string text, Token token, string word) => text.AsSpan(token.Start, token.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

}
