using ImmunoWatch.Tagging;
using ImmunoWatch.Tests.Support;
using Xunit.Abstractions;

namespace ImmunoWatch.Tests.Tagging;

/// <summary>
/// Every name and exact synonym in the Disease Ontology cancer slim, tagged on its own, against the
/// OncoTree tissue the ontology itself points to: the term's NCIt cross-reference when OncoTree
/// carries the same code, else its nearest is_a ancestor's. The expectation comes from the two
/// ontologies, not from the tagger, so it catches names the lexicon has never seen; NCIt codes that
/// OncoTree attaches to the wrong node (../shared/gold/LABELS.md lists them) are not followed.
/// </summary>
public sealed class DiseaseOntologyCoverageTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> NoisyNciCodes = ["C3208", "C9305", "C26712", "C3769", "C3768", "C6875", "C9461", "C4519", "C6344", "C2916", "C3262", "C9118"];

    [VocabFact]
    public void Most_cancer_slim_names_get_the_tissue_the_ontologies_give_them()
    {
        var terms = ParseObo(File.ReadLines(RepositoryPaths.DiseaseOntologyFile!));
        var siteByNci = OncoTreeSitesByNciCode();
        var memo = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        int checkedNames = 0, agreeing = 0;
        var misses = new List<string>();
        foreach (var term in terms.Values)
        {
            var expected = Expected(term.Id, terms, siteByNci, memo, depth: 0);
            if (expected.Count == 0)
            {
                continue;
            }

            foreach (var name in term.Names)
            {
                checkedNames++;
                var sites = ItemTagger.Shipped.Tag(name, "").Sites;
                if (sites.ToHashSet(StringComparer.Ordinal).SetEquals(expected))
                {
                    agreeing++;
                }
                else
                {
                    misses.Add($"{term.Id} \"{name}\": expected {string.Join(' ', expected.Order(StringComparer.Ordinal))}, got {string.Join(' ', sites)}");
                }
            }
        }

        var share = (double)agreeing / checkedNames;
        output.WriteLine($"{agreeing} of {checkedNames} cancer-slim names agree ({share:P1}); first disagreements:");
        foreach (var miss in misses.Take(40))
        {
            output.WriteLine(miss);
        }

        Assert.True(checkedNames > 1000, $"only {checkedNames} names had a tissue: is the file the cancer slim?");
        // 79.2 % when written; the rest are mostly benign entities the gold rules keep out (hemangioma,
        // leiomyoma, meningioma NOS ...), ontology placements OncoTree does not share, and noise in
        // the cross-references. A drop means names the tagger knew are no longer found.
        Assert.True(share >= 0.77, $"{share:P1} of cancer-slim names agree");
    }

    private static HashSet<string> Expected(string id, Dictionary<string, DoTerm> terms, Dictionary<string, HashSet<string>> siteByNci, Dictionary<string, HashSet<string>> memo, int depth)
    {
        if (memo.TryGetValue(id, out var known))
        {
            return known;
        }

        var sites = new HashSet<string>(StringComparer.Ordinal);
        if (terms.TryGetValue(id, out var term) && depth < 30)
        {
            foreach (var code in term.NciCodes.Where(c => !NoisyNciCodes.Contains(c)))
            {
                if (siteByNci.TryGetValue(code, out var found))
                {
                    sites.UnionWith(found);
                }
            }

            if (sites.Count == 0)
            {
                foreach (var parent in term.Parents)
                {
                    sites.UnionWith(Expected(parent, terms, siteByNci, memo, depth + 1));
                }
            }
        }

        memo[id] = sites;
        return sites;
    }

    private static Dictionary<string, HashSet<string>> OncoTreeSitesByNciCode()
    {
        var bySite = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var tsv = Path.Combine(RepositoryPaths.Root, "src", "ImmunoWatch", "Tagging", "Data", OncoTree.Release + ".tsv");
        foreach (var row in File.ReadLines(tsv).Skip(1).Select(l => l.Split('\t')).Where(r => r.Length > 7 && r[5] != "0"))
        {
            var site = OncoTree.Shipped.Find(row[0])?.Site;
            foreach (var code in row[7].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (site is not null)
                {
                    (bySite.TryGetValue(code, out var set) ? set : bySite[code] = new HashSet<string>(StringComparer.Ordinal)).Add(site);
                }
            }
        }

        return bySite;
    }

    private sealed record DoTerm(string Id, List<string> Names, List<string> NciCodes, List<string> Parents);

    private static Dictionary<string, DoTerm> ParseObo(IEnumerable<string> lines)
    {
        var terms = new Dictionary<string, DoTerm>(StringComparer.Ordinal);
        DoTerm? current = null;
        var obsolete = false;
        foreach (var line in lines)
        {
            if (line.StartsWith('['))
            {
                Close();
                current = line == "[Term]" ? new DoTerm("", [], [], []) : null;
                obsolete = false;
            }
            else if (current is null)
            {
                continue;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                current = current with { Id = line[4..] };
            }
            else if (line.StartsWith("name: ", StringComparison.Ordinal))
            {
                current.Names.Add(line[6..]);
            }
            else if (line.StartsWith("synonym: \"", StringComparison.Ordinal) && line.Contains("\" EXACT", StringComparison.Ordinal))
            {
                current.Names.Add(line[10..line.IndexOf("\" EXACT", StringComparison.Ordinal)]);
            }
            else if (line.StartsWith("xref: NCI:", StringComparison.Ordinal))
            {
                current.NciCodes.Add(line[10..].Trim());
            }
            else if (line.StartsWith("is_a: ", StringComparison.Ordinal))
            {
                current.Parents.Add(line[6..].Split(' ')[0]);
            }
            else if (line.StartsWith("is_obsolete: true", StringComparison.Ordinal))
            {
                obsolete = true;
            }
        }

        Close();
        return terms;

        void Close()
        {
            if (current is { Id.Length: > 0 } && !obsolete)
            {
                terms[current.Id] = current;
            }
        }
    }
}
