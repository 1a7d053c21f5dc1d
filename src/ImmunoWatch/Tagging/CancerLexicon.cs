namespace ImmunoWatch.Tagging;

/// <summary>
/// Builds the cancer lexicon from Tagging/Data: hand-written terms (highest priority), organ
/// phrases combined with head words ("renal" + "carcinoma", "carcinoma of the" + "kidney"), and
/// every OncoTree node name (lowest). Also keeps the organ phrases alone, for coordinated mentions
/// such as "breast and ovarian cancer".
/// </summary>
internal static class CancerLexicon
{
    private const int OncoTreePriority = 1;
    private const int GeneratedPriority = 2;
    private const int TermPriority = 3;

    private static readonly string[] BenignWords = ["adenoma", "papilloma", "nevus", "polyp", "cyst", "lipoma", "hamartoma", "meningioma", "neurofibroma", "hemangioma", "oncocytoma", "leiomyoma", "fibroadenoma", "schwannoma", "osteoma", "prolactinoma", "gangliocytoma", "in situ", "intraepithelial", "hyperplasia", "borderline", "benign", "atypia", "dysplasia", "monoclonal gammopathy", "teratoma"];

    public static (Lexicon Lexicon, Dictionary<string, string> SitePhrases) Build(OncoTree tree)
    {
        var lexicon = new Lexicon(Vocabulary.Shared);
        // A name used in several tissues ("Yolk Sac Tumor") does not tell the tissue.
        var tissuesByName = tree.Nodes.GroupBy(n => Normalise(StripQualifiers(n.Name)))
            .ToDictionary(g => g.Key, g => g.Select(n => n.Site).Distinct().Count(), StringComparer.Ordinal);
        foreach (var node in tree.Nodes)
        {
            var name = Normalise(StripQualifiers(node.Name));
            if (node.Level < 2 || node.Site == "OTHER" || tissuesByName[name] > 1
                || BenignWords.Any(b => name.Contains(b, StringComparison.Ordinal)) || name.Split(' ').Length < 2)
            {
                // Tissue names ("Soft Tissue", "Head and Neck") are places, not cancers; catch-all,
                // ambiguous, benign and one-word names are handled by terms.tsv.
                continue;
            }

            lexicon.Add(name, new LexiconEntry(LexiconEntryKind.Cancer, node.Code, false, OncoTreePriority));
        }

        foreach (var row in TaggingData.Rows("modifiers.tsv"))
        {
            lexicon.AddModifier(row[0]);
        }

        var sitePhrases = new Dictionary<string, string>(StringComparer.Ordinal);
        var heads = TaggingData.Rows("heads.tsv").Select(r => (Head: r[0], Kind: r[1])).ToList();
        foreach (var row in TaggingData.Rows("sites.tsv"))
        {
            var (code, phrase) = (row[0], row[1]);
            sitePhrases.TryAdd(phrase, code);
            lexicon.AddModifierSlot(phrase);
            foreach (var (head, kind) in heads)
            {
                var entry = kind switch
                {
                    "site" => new LexiconEntry(LexiconEntryKind.Cancer, code, false, GeneratedPriority, SharesHead: true),
                    "none" => new LexiconEntry(LexiconEntryKind.None, "", false, GeneratedPriority),
                    _ => new LexiconEntry(LexiconEntryKind.Cancer, kind, false, GeneratedPriority), // a fixed tissue: LYMPH, SOFT_TISSUE
                };
                lexicon.Add($"{phrase} {head}", entry);
                if (kind != "none")
                {
                    lexicon.Add($"{head} of the {phrase}", entry);
                    lexicon.Add($"{head} of {phrase}", entry);
                }
            }
        }

        foreach (var row in TaggingData.Rows("terms.tsv"))
        {
            var (code, term) = (row[0], row[1]);
            var flags = row.Length > 2 ? row[2].Split(',', StringSplitOptions.TrimEntries) : [];
            var kind = code switch
            {
                "GENERIC" => LexiconEntryKind.Generic,
                "NONE" => LexiconEntryKind.None,
                _ => LexiconEntryKind.Cancer,
            };
            var entry = new LexiconEntry(kind, kind == LexiconEntryKind.Cancer ? code : "", flags.Contains("ctx"), TermPriority, TrialOnly: flags.Contains("trial"));
            if (flags.Contains("cs"))
            {
                lexicon.AddCaseSensitive(term, entry);
            }
            else
            {
                lexicon.Add(Normalise(term), entry);
            }
        }

        return (lexicon.Freeze(), sitePhrases);
    }

    /// <summary>Lower case, hyphens and punctuation as spaces, possessive 's dropped.</summary>
    public static string Normalise(string phrase)
    {
        var chars = phrase.ToLowerInvariant().Replace("'s ", " ", StringComparison.Ordinal).Replace("’s ", " ", StringComparison.Ordinal)
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string StripQualifiers(string name)
    {
        // "Natural Killer (NK) Cell Lymphoblastic Leukemia/Lymphoma": drop the parenthesis, keep what
        // follows it (cutting there would leave "Natural Killer", which is not a cancer).
        int open;
        while ((open = name.IndexOf('(', StringComparison.Ordinal)) >= 0)
        {
            var close = name.IndexOf(')', open);
            name = close < 0 ? name[..open] : name[..open] + " " + name[(close + 1)..];
        }

        foreach (var suffix in new[] { ", NOS", ", Other" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
            }
        }

        return name.Trim();
    }
}
