using ImmunoWatch.Tagging;

namespace ImmunoWatch.Tests.Tagging;

/// <summary>The shipped taxonomy data refers only to real OncoTree codes.</summary>
public sealed class TaxonomyTests
{
    private static readonly OncoTree Tree = OncoTree.Shipped;

    [Fact]
    public void Every_code_in_terms_and_sites_exists_in_oncotree()
    {
        var codes = TaggingData.Rows("terms.tsv").Select(r => r[0]).Where(c => c is not ("GENERIC" or "NONE")).SelectMany(c => c.Split('+'))
            .Concat(TaggingData.Rows("sites.tsv").Select(r => r[0]))
            .Concat(TaggingData.Rows("heads.tsv").Select(r => r[1]).Where(k => k is not ("site" or "none")))
            .Distinct()
            .ToList();
        Assert.True(codes.Count > 40);
        Assert.All(codes, code => Assert.True(Tree.Find(code) is not null, $"{code} is not an OncoTree {OncoTree.Release} code"));
    }

    [Fact]
    public void Every_node_rolls_up_to_one_of_the_32_tissues()
    {
        var tissues = Tree.Nodes.Where(n => n.Level == 1).Select(n => n.Code).ToHashSet();
        Assert.Equal(32, tissues.Count);
        Assert.All(Tree.Nodes, n => Assert.Contains(n.Site, tissues));
        Assert.Equal("LUNG", Tree.Find("NSCLC")!.Site);
        Assert.Equal("LYMPH", Tree.Find("PCM")!.Site);
        Assert.Equal("MYELOID", Tree.Find("AML")!.Site);
        Assert.Equal("EYE", Tree.Find("UM")!.Site);
    }

    [Theory]
    [InlineData("terms.tsv")]
    [InlineData("modalities.tsv")]
    public void Case_sensitive_entries_have_a_capital_letter(string file)
    {
        // Abbreviations are looked up only for words with a capital letter: a lower-case one never matches.
        var caseSensitive = TaggingData.Rows(file).Where(r => r.Length > 2 && r[2].Split(',').Contains("cs")).Select(r => r[1]).ToList();
        Assert.NotEmpty(caseSensitive);
        Assert.All(caseSensitive, term => Assert.True(term.Any(char.IsUpper), $"{file}: '{term}' is case-sensitive but has no capital letter"));
    }

    [Fact]
    public void Modalities_are_from_the_documented_set()
    {
        string[] known = ["immunotherapy", "none", "checkpoint-inhibitor", "adoptive-cell-therapy", "cancer-vaccine", "oncolytic-virus", "bispecific-t-cell-engager", "cytokine", "immunomodulatory-antibody"];
        Assert.All(TaggingData.Rows("modalities.tsv"), r => Assert.Contains(r[0], known));
    }
}
