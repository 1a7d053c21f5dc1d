using System.Collections.Frozen;

namespace ImmunoWatch.Tagging;

/// <summary>
/// A phrase dictionary matched longest-first over tokens: a trie of vocabulary ids for ordinary
/// phrases, and exact-case entries for abbreviations. When two sources give the same phrase, the
/// higher priority wins (hand-written terms over generated ones over OncoTree names). Some phrase
/// prefixes are modifier slots: after an organ ("ovarian") up to a few histology words ("serous",
/// "clear cell") may stand before the head word, as in "ovarian high grade serous carcinoma".
/// </summary>
internal sealed class Lexicon
{
    private readonly Dictionary<long, int> _edges = [];
    private FrozenDictionary<long, int> _frozenEdges = FrozenDictionary<long, int>.Empty;
    private FrozenSet<int> _frozenSlots = FrozenSet<int>.Empty;
    private bool _frozen;
    private int[] _rootChildren = [];
    private readonly List<LexiconEntry?> _entries = [null];
    private readonly Dictionary<string, LexiconEntry> _caseSensitive = new(WordComparer.Instance);
    private readonly HashSet<string> _caseSensitiveFirstWords = new(WordComparer.Instance);
    private readonly HashSet<int> _modifierSlots = [];
    private bool[] _isModifier = [];
    private bool _hasCapitalisedAbbreviation; // one written "Xyz": capitalised words must then be looked up too
    private const int MaxModifiers = 4;

    public Lexicon(Vocabulary vocabulary) => Vocabulary = vocabulary;

    public Vocabulary Vocabulary { get; }

    /// <summary>Adds a lower-case phrase (words separated by spaces).</summary>
    public void Add(string phrase, LexiconEntry entry)
    {
        var node = Walk(phrase);
        if (_entries[node] is not { } existing || existing.Priority < entry.Priority)
        {
            _entries[node] = entry;
        }
    }

    /// <summary>Ends building: lookups switch to read-optimised copies. Call once, after the last Add.</summary>
    public Lexicon Freeze()
    {
        _frozenEdges = _edges.ToFrozenDictionary();
        _frozenSlots = _modifierSlots.ToFrozenSet();
        _frozen = true;
        return this;
    }

    /// <summary>Lets modifier words (<see cref="AddModifier"/>) stand between this phrase and whatever continues it.</summary>
    public void AddModifierSlot(string phrase) => _modifierSlots.Add(Walk(phrase));

    /// <summary>A word that may be skipped at a modifier slot ("serous", "clear", "cell").</summary>
    public void AddModifier(string word)
    {
        var id = Vocabulary.Add(word);
        if (id >= _isModifier.Length)
        {
            Array.Resize(ref _isModifier, Math.Max(id + 1, _isModifier.Length * 2));
        }

        _isModifier[id] = true;
    }

    private int Walk(string phrase)
    {
        if (_frozen)
        {
            throw new InvalidOperationException("the lexicon is frozen: add every phrase before Freeze");
        }

        var node = 0;
        foreach (var word in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var wordId = Vocabulary.Add(word);
            var key = Key(node, wordId);
            if (!_edges.TryGetValue(key, out var child))
            {
                child = _entries.Count;
                _entries.Add(null);
                _edges[key] = child;
                if (node == 0)
                {
                    if (wordId >= _rootChildren.Length)
                    {
                        Array.Resize(ref _rootChildren, Math.Max(wordId + 1, _rootChildren.Length * 2));
                    }

                    _rootChildren[wordId] = child;
                }
            }

            node = child;
        }

        return node;
    }

    /// <summary>Adds an abbreviation matched exactly as written ("NSCLC", "cHL", "B ALL").</summary>
    public void AddCaseSensitive(string text, LexiconEntry entry)
    {
        var firstWord = text.Split(' ')[0];
        _hasCapitalisedAbbreviation |= firstWord.Length > 1 && !firstWord.AsSpan(1).ContainsAnyInRange('A', 'Z');
        if (!_caseSensitive.TryGetValue(text, out var existing) || existing.Priority < entry.Priority)
        {
            _caseSensitive[text] = entry;
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            _caseSensitiveFirstWords.Add(text[..space]);
        }
    }

    /// <summary>The longest phrase starting at token <paramref name="start"/>, if any (after <see cref="Freeze"/>).</summary>
    public (LexiconEntry Entry, int End)? Match(string text, List<Token> tokens, int start, bool allowCaseSensitive)
    {
        if (!_frozen)
        {
            throw new InvalidOperationException("freeze the lexicon before matching");
        }

        (LexiconEntry Entry, int End)? best = null;
        var first = tokens[start];
        // Most tokens stop here: the first step is an array index, not a hash lookup.
        var root = (uint)first.WordId < (uint)_rootChildren.Length ? _rootChildren[first.WordId] : 0;
        if (root != 0)
        {
            if (_entries[root] is { } entry)
            {
                best = (entry, start + 1);
            }

            Extend(text, tokens, start + 1, root, 0, afterParenthesis: false, ref best);
        }

        // Every abbreviation has a capital letter, almost all of them after the first letter: most
        // words, capitalised ones included, are skipped without a lookup.
        if (allowCaseSensitive && _caseSensitive.Count > 0
            && (first.Case == TokenCase.Inner || (first.Case == TokenCase.Capitalised && (first.Length == 1 || _hasCapitalisedAbbreviation))))
        {
            if (start + 1 < tokens.Count && !tokens[start + 1].BreakBefore && (best is null || best.Value.Item2 < start + 2)
                && _caseSensitiveFirstWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(text.AsSpan(first.Start, first.Length)))
            {
                var second = tokens[start + 1];
                if (second.Start == first.Start + first.Length + 1
                    && _caseSensitive.TryGetValue(text.Substring(first.Start, second.Start + second.Length - first.Start).Replace('-', ' '), out var pair))
                {
                    return (pair, start + 2);
                }
            }

            var word = text.AsSpan(first.Start, first.Length);
            if (best is null && (_caseSensitive.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var single)
                || (word.Length > 3 && word[^1] == 's' && char.IsUpper(word[^2]) && _caseSensitive.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word[..^1], out single))))
            {
                // "GISTs", "NSCLCs": an abbreviation's plural.
                return (single, start + 1);
            }
        }

        return best;
    }

    /// <summary>
    /// Follows the trie from <paramref name="node"/> at token <paramref name="i"/>, keeping the longest
    /// phrase. At a modifier slot it may also step over a modifier word, or over a parenthesis
    /// ("Gastric (Stomach) Cancer"), so both the literal path and the skipping path are tried.
    /// </summary>
    private void Extend(string text, List<Token> tokens, int i, int node, int skipped, bool afterParenthesis, ref (LexiconEntry Entry, int End)? best)
    {
        if (i >= tokens.Count)
        {
            return;
        }

        var token = tokens[i];
        if (token.BreakBefore && !afterParenthesis)
        {
            if (skipped < MaxModifiers && Preceded(text, token.Start, '(') && _frozenSlots.Contains(node) && SkipParenthesis(text, tokens, i) is { } after)
            {
                Extend(text, tokens, after, node, skipped + 1, afterParenthesis: true, ref best);
            }

            return;
        }

        if (token.WordId < 0)
        {
            return;
        }

        if (_frozenEdges.TryGetValue(Key(node, token.WordId), out var next))
        {
            if (_entries[next] is { } entry && (best is null || best.Value.End < i + 1))
            {
                best = (entry, i + 1);
            }

            Extend(text, tokens, i + 1, next, skipped, afterParenthesis: false, ref best);
        }

        if (skipped < MaxModifiers && (uint)token.WordId < (uint)_isModifier.Length && _isModifier[token.WordId] && _frozenSlots.Contains(node))
        {
            Extend(text, tokens, i + 1, node, skipped + 1, afterParenthesis: false, ref best);
        }
    }

    /// <summary>When token <paramref name="i"/> is the first in a short parenthesis, the index of the token after it closes.</summary>
    private static int? SkipParenthesis(string text, List<Token> tokens, int i)
    {
        for (var k = i + 1; k < tokens.Count && k <= i + 5; k++)
        {
            if (tokens[k].BreakBefore)
            {
                return Preceded(text, tokens[k].Start, ')') && !Preceded(text, tokens[k].Start, '(') ? k : null;
            }
        }

        return null;
    }

    /// <summary>Whether the first non-space character before <paramref name="position"/> is <paramref name="c"/>.</summary>
    private static bool Preceded(string text, int position, char c)
    {
        var p = position - 1;
        while (p >= 0 && char.IsWhiteSpace(text[p]))
        {
            p--;
        }

        return p >= 0 && text[p] == c;
    }

    private static long Key(int node, int word) => ((long)node << 32) | (uint)word;
}
