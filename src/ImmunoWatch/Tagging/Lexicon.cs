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
    private int[] _rootChildren = [];
    private readonly List<LexiconEntry?> _entries = [null];
    private readonly Dictionary<string, LexiconEntry> _caseSensitive = new(WordComparer.Instance);
    private readonly HashSet<string> _caseSensitiveFirstWords = new(WordComparer.Instance);
    private readonly HashSet<int> _modifierSlots = [];
    private bool[] _isModifier = [];
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

    /// <summary>The longest phrase starting at token <paramref name="start"/>, if any.</summary>
    public (LexiconEntry Entry, int End)? Match(string text, List<Token> tokens, int start, bool allowCaseSensitive)
    {
        (LexiconEntry, int)? best = null;
        var node = 0;
        var skipped = 0;
        for (var i = start; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.WordId < 0 || (i > start && token.BreakBefore))
            {
                break;
            }

            if (i == start)
            {
                // Most tokens stop here: the first step is an array index, not a hash lookup.
                node = token.WordId < _rootChildren.Length ? _rootChildren[token.WordId] : 0;
                if (node == 0)
                {
                    break;
                }
            }
            else if (_edges.TryGetValue(Key(node, token.WordId), out var next))
            {
                node = next;
            }
            else if (skipped < MaxModifiers && (uint)token.WordId < (uint)_isModifier.Length && _isModifier[token.WordId] && _modifierSlots.Contains(node))
            {
                skipped++;
                continue;
            }
            else
            {
                break;
            }

            if (_entries[node] is { } entry)
            {
                best = (entry, i + 1);
            }
        }

        // Every abbreviation has a capital letter: most words are skipped without a lookup.
        if (allowCaseSensitive && _caseSensitive.Count > 0 && HasUpper(text, tokens[start]))
        {
            var first = tokens[start];
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

            if (best is null && _caseSensitive.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text.AsSpan(first.Start, first.Length), out var single))
            {
                return (single, start + 1);
            }
        }

        return best;
    }

    private static bool HasUpper(string text, Token token)
    {
        foreach (var c in text.AsSpan(token.Start, token.Length))
        {
            if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static long Key(int node, int word) => ((long)node << 32) | (uint)word;
}
