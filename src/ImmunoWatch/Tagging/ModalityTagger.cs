namespace ImmunoWatch.Tagging;

/// <summary>
/// Finds immunotherapy in a text: its modalities (checkpoint inhibitor, adoptive cell therapy,
/// cancer vaccine, oncolytic virus, bispecific T-cell engager, cytokine, other immunomodulatory
/// antibody) by target, drug generic or brand name, and explicit immunotherapy terms.
/// </summary>
public sealed class ModalityTagger
{
    private readonly Lexicon _lexicon;

    public ModalityTagger()
    {
        _lexicon = new Lexicon(Vocabulary.Shared);
        foreach (var row in TaggingData.Rows("modalities.tsv"))
        {
            var (modality, term) = (row[0], row[1]);
            var flags = row.Length > 2 ? row[2].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            var caseSensitive = flags.Contains("cs");
            var needsCancer = flags.Contains("ctx");
            var entry = modality switch
            {
                "immunotherapy" => new LexiconEntry(LexiconEntryKind.Immunotherapy, "", needsCancer, 1),
                "none" => new LexiconEntry(LexiconEntryKind.None, "", needsCancer, 1),
                _ => new LexiconEntry(LexiconEntryKind.Modality, modality, needsCancer, 1),
            };
            if (caseSensitive)
            {
                _lexicon.AddCaseSensitive(term, entry);
            }
            else
            {
                _lexicon.Add(CancerLexicon.Normalise(term), entry);
            }
        }

        _lexicon.Freeze();
    }

    public static ModalityTagger Shipped => TaggingModel.Modalities;

    /// <summary>The sorted distinct modalities, and whether immunotherapy is named at all.</summary>
    /// <param name="aboutCancer">Whether the text is about cancer: words such as "vaccine" count only then.</param>
    /// <param name="texts">Title, summary ...</param>
    public (IReadOnlyList<string> Modalities, bool Immunotherapy) Tag(bool aboutCancer, params string?[] texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return Tag(aboutCancer, texts.Select(t => new TextSegment().Load(t)).ToArray());
    }

    internal (IReadOnlyList<string> Modalities, bool Immunotherapy) Tag(bool aboutCancer, TextSegment[] segments)
    {
        SortedSet<string>? modalities = null;
        var immunotherapy = false;
        foreach (var segment in segments)
        {
            var text = segment.Text;
            var tokens = segment.Tokens;
            for (var i = 0; i < tokens.Count;)
            {
                if (_lexicon.Match(text, tokens, i, allowCaseSensitive: true) is not { } match)
                {
                    i++;
                    continue;
                }

                if (match.Entry.Kind == LexiconEntryKind.None || (match.Entry.NeedsCancerContext && !aboutCancer))
                {
                    i = match.End;
                    continue;
                }

                immunotherapy = true;
                if (match.Entry.Kind == LexiconEntryKind.Modality)
                {
                    (modalities ??= new SortedSet<string>(StringComparer.Ordinal)).Add(match.Entry.Code);
                }

                i = match.End;
            }
        }

        return (modalities is null ? [] : modalities.ToList(), immunotherapy);
    }
}
