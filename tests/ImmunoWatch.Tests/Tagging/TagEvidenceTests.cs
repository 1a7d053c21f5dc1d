using ImmunoWatch.Tagging;

namespace ImmunoWatch.Tests.Tagging;

/// <summary>A registry's conditions, MeSH terms and interventions as the tagger's evidence.</summary>
public sealed class TagEvidenceTests
{
    [Theory]
    [InlineData("Carcinoma, Non-Small-Cell Lung", "Non-Small-Cell Lung Carcinoma")]
    [InlineData("Leukemia, Myeloid, Acute", "Acute Myeloid Leukemia")]
    [InlineData("Lymphoma, Large B-Cell, Diffuse", "Diffuse Large B-Cell Lymphoma")]
    [InlineData("Melanoma", "Melanoma")]
    public void Inverted_headings_read_in_prose_order(string heading, string expected) =>
        Assert.Equal(expected, TagEvidence.InReadingOrder(heading));

    [Fact]
    public void Conditions_name_the_cancer_a_title_never_does()
    {
        const string title = "A Study of T3011 in Participants With Advanced Solid Tumors";
        Assert.Empty(ItemTagger.Shipped.Tag(title, "", "NCT04780217").Sites);

        var tags = ItemTagger.Shipped.Tag(title, "", "NCT04780217", new TagEvidence { Conditions = ["Head and Neck Cancer", "Melanoma", "Nsclc"] });

        Assert.Equal(["HEAD_NECK", "LUNG", "SKIN"], tags.Sites);
        Assert.True(tags.IsTrial);
    }

    [Fact]
    public void Inverted_mesh_terms_count_as_their_cancer()
    {
        var tags = ItemTagger.Shipped.Tag("Outcomes in a registry", "", null, new TagEvidence { Mesh = ["Carcinoma, Non-Small-Cell Lung", "Leukemia, Myeloid, Acute"] });

        Assert.Equal(["LUNG", "MYELOID"], tags.Sites);
        Assert.Contains(tags.CancerTypes, t => t.Code == "NSCLC");
        Assert.Contains(tags.CancerTypes, t => t.Code == "AML");
    }

    [Fact]
    public void Each_condition_is_its_own_phrase_and_the_title_still_adds()
    {
        // "Breast" and "Cancer" are two separate conditions here, not "breast cancer"; the title names melanoma.
        var tags = ItemTagger.Shipped.Tag("Pembrolizumab in melanoma", "", null, new TagEvidence { Conditions = ["Breast", "Lung Cancer"] });

        Assert.Equal(["LUNG", "SKIN"], tags.Sites);
    }

    [Fact]
    public void Non_cancer_conditions_give_no_site()
    {
        var tags = ItemTagger.Shipped.Tag("Booster dose study", "", "NCT05000001", new TagEvidence { Conditions = ["COVID-19", "Heart Failure, Reduced Ejection Fraction"] });

        Assert.Empty(tags.Sites);
        Assert.False(tags.Immunotherapy);
    }

    [Fact]
    public void Interventions_are_modality_evidence()
    {
        var evidence = new TagEvidence { Conditions = ["Melanoma"], Interventions = ["Biological: Pembrolizumab", "Drug: Cyclophosphamide"] };

        var tags = ItemTagger.Shipped.Tag("A study in advanced skin cancer", "", "NCT05000002", evidence);

        Assert.True(tags.Immunotherapy);
        Assert.Contains("checkpoint-inhibitor", tags.Modalities);
    }
}
