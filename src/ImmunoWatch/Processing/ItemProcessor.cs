using System.Security.Cryptography;
using System.Text;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Processing;

/// <summary>
/// The stage between parsing and storage: hashes each item's key, orders its study identifiers,
/// and tags it. Runs before any database connection is opened, so a fetch holds a connection only
/// while its items are written.
/// </summary>
public sealed class ItemProcessor
{
    private readonly Lazy<ItemTagger> _tagger;

    public ItemProcessor(ItemTagger tagger) => _tagger = new Lazy<ItemTagger>(tagger);

    /// <summary>The tagger is obtained on first use: a run of 304s never loads the lexicon.</summary>
    public ItemProcessor(Func<ItemTagger> tagger) => _tagger = new Lazy<ItemTagger>(tagger, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Items of one document, in document order; a key repeated within the document is kept once (its first item).</summary>
    public IReadOnlyList<ProcessedItem> Process(IReadOnlyList<ParsedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return [];
        }

        var tagger = _tagger.Value;
        var processed = new List<ProcessedItem>(items.Count);
        var seen = new HashSet<string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item.Key))
            {
                continue;
            }

            var identifiers = item.Ids.All().Order(IdentifierOrder.Instance).ToList();
            processed.Add(new ProcessedItem(item, KeyHash(item.Key), identifiers, Tag(tagger, item)));
        }

        return processed;
    }

    /// <summary>An item's tags; for a registry record, its phases and status are the registry's own, not read from its text.</summary>
    public static ItemTags Tag(ItemTagger tagger, ParsedItem item)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(item);
        var tags = tagger.Tag(item.Title, item.SummaryText, item.Ids.Nct, item.Article is { } article ? new TagEvidence { Mesh = article.Mesh } : Evidence(item.Trial));
        return item.Trial is not { } trial ? tags : tags with { Phases = trial.Phases, Status = trial.OverallStatus, IsTrial = true };
    }

    /// <summary>A registry record's conditions, MeSH terms and interventions: the tagger's primary evidence for a trial.</summary>
    public static TagEvidence Evidence(TrialRecord? trial) => trial is null
        ? TagEvidence.None
        : new TagEvidence { Conditions = trial.Conditions, Mesh = trial.ConditionMesh, Interventions = trial.Interventions.Select(i => i.Name).ToList() };

    /// <summary>SHA-256 of an item key: the stored per-source identity of an item.</summary>
    public static byte[] KeyHash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed class IdentifierOrder : IComparer<(string Kind, string Value)>
    {
        public static readonly IdentifierOrder Instance = new();

        public int Compare((string Kind, string Value) x, (string Kind, string Value) y)
        {
            var kind = string.CompareOrdinal(x.Kind, y.Kind);
            return kind != 0 ? kind : string.CompareOrdinal(x.Value, y.Value);
        }
    }
}
