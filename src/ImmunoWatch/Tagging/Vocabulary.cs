namespace ImmunoWatch.Tagging;

/// <summary>
/// The words the lexicons know, each with one id shared by its spellings: plurals (tumors,
/// malignancies, metastases) and British forms (tumour, leukaemia, oesophageal, haematologic).
/// Lookups take spans, so tagging allocates nothing per token.
/// </summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids = new(WordComparer.Instance);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _next;

    private readonly Lock _gate = new();

    public Vocabulary() => _lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One vocabulary for every lexicon, so a text is tokenised once for all of them.</summary>
    public static Vocabulary Shared { get; } = new();

    /// <summary>The id of a lower-case word, or -1 when no lexicon uses it.</summary>
    public int Find(ReadOnlySpan<char> lowerCaseWord) => _lookup.TryGetValue(lowerCaseWord, out var id) ? id : -1;

    /// <summary>Adds a word while lexicons are built (thread-safe); tagging only reads.</summary>
    public int Add(string word)
    {
        lock (_gate)
        {
            if (_ids.TryGetValue(word, out var existing))
            {
                return existing;
            }

            // A phrase may have brought in the plural first ("disorders"): the singular joins its id.
            var forms = Forms(word).ToList();
            var id = forms.Select(f => _ids.TryGetValue(f, out var known) ? known : -1).FirstOrDefault(known => known >= 0, -1);
            if (id < 0)
            {
                id = _next++;
            }

            foreach (var form in forms)
            {
                _ids.TryAdd(form, id);
            }

            _ids[word] = id;
            return id;
        }
    }

    private static IEnumerable<string> Forms(string word)
    {
        var spellings = new List<string> { word };
        if (word.Contains("tumor", StringComparison.Ordinal))
        {
            spellings.Add(word.Replace("tumor", "tumour", StringComparison.Ordinal));
        }

        if (word.Contains("emia", StringComparison.Ordinal))
        {
            spellings.Add(word.Replace("emia", "aemia", StringComparison.Ordinal));
        }

        if (word.StartsWith("hem", StringComparison.Ordinal))
        {
            spellings.Add("haem" + word[3..]);
        }

        if (word.StartsWith("esophag", StringComparison.Ordinal) || word.Contains("oesophag", StringComparison.Ordinal))
        {
            spellings.Add(word.Replace("esophag", "oesophag", StringComparison.Ordinal));
        }

        if (word.Contains("gastroesophag", StringComparison.Ordinal))
        {
            spellings.Add(word.Replace("gastroesophag", "gastrooesophag", StringComparison.Ordinal));
        }

        if (word.StartsWith("ped", StringComparison.Ordinal))
        {
            spellings.Add("paed" + word[3..]);
        }

        foreach (var spelling in spellings)
        {
            yield return spelling;
            yield return spelling + "s";
            if (spelling.EndsWith('y'))
            {
                yield return spelling[..^1] + "ies";
            }
            else if (spelling.EndsWith("sis", StringComparison.Ordinal))
            {
                yield return spelling[..^3] + "ses";
            }
            else if (spelling.EndsWith("ma", StringComparison.Ordinal))
            {
                yield return spelling + "ta"; // carcinomata
            }
            else if (spelling.EndsWith('x') || spelling.EndsWith("ch", StringComparison.Ordinal) || spelling.EndsWith("sh", StringComparison.Ordinal))
            {
                yield return spelling + "es";
            }
        }
    }
}
