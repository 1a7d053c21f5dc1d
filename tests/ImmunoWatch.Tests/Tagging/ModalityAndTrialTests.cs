using ImmunoWatch.Tagging;

namespace ImmunoWatch.Tests.Tagging;

public sealed class ModalityAndTrialTests
{
    [Theory]
    [InlineData("Pembrolizumab versus chemotherapy", "checkpoint-inhibitor")]
    [InlineData("Anti-PD-1 antibodies in melanoma", "checkpoint-inhibitor")]
    [InlineData("Relatlimab and nivolumab (Opdualag)", "checkpoint-inhibitor")]
    [InlineData("Tiragolumab, an anti-TIGIT antibody", "checkpoint-inhibitor")]
    [InlineData("Ipilimumab plus tremelimumab", "checkpoint-inhibitor")]
    [InlineData("CAR-T cells for large B-cell lymphoma", "adoptive-cell-therapy")]
    [InlineData("Axicabtagene ciloleucel (Yescarta) in second line", "adoptive-cell-therapy")]
    [InlineData("Lifileucel tumor-infiltrating lymphocyte therapy", "adoptive-cell-therapy")]
    [InlineData("Afamitresgene autoleucel, a TCR-T therapy", "adoptive-cell-therapy")]
    [InlineData("Personalized neoantigen vaccine in melanoma", "cancer-vaccine")]
    [InlineData("Sipuleucel-T for prostate cancer", "cancer-vaccine")]
    [InlineData("Talimogene laherparepvec injection", "oncolytic-virus")]
    [InlineData("Oncolytic virus therapy in glioblastoma", "oncolytic-virus")]
    [InlineData("Blinatumomab in B-cell ALL", "bispecific-t-cell-engager")]
    [InlineData("Teclistamab, a BCMA x CD3 bispecific antibody", "bispecific-t-cell-engager")]
    [InlineData("Tarlatamab in small cell lung cancer", "bispecific-t-cell-engager")]
    [InlineData("High-dose interleukin-2 in renal cell carcinoma", "cytokine")]
    [InlineData("Nogapendekin alfa inbakicept (Anktiva) with BCG", "cytokine")]
    [InlineData("Daratumumab in multiple myeloma", "immunomodulatory-antibody")]
    [InlineData("Dinutuximab in neuroblastoma", "immunomodulatory-antibody")]
    public void Every_modality_is_recognised(string text, string modality)
    {
        var tags = ItemTagger.Shipped.Tag(text, "");
        Assert.Contains(modality, tags.Modalities);
        Assert.True(tags.Immunotherapy);
    }

    [Fact]
    public void Immunotherapy_without_a_modality_and_none_at_all()
    {
        var general = ItemTagger.Shipped.Tag("Immunotherapy for older patients with lung cancer", "");
        Assert.True(general.Immunotherapy);
        Assert.Empty(general.Modalities);
        var none = ItemTagger.Shipped.Tag("Carboplatin and paclitaxel in ovarian cancer", "");
        Assert.False(none.Immunotherapy);
        var flu = ItemTagger.Shipped.Tag("Influenza vaccine uptake in healthcare workers", "");
        Assert.False(flu.Immunotherapy);
        Assert.Contains("cancer-vaccine", ItemTagger.Shipped.Tag("A dendritic cell vaccine in glioblastoma", "").Modalities);
    }

    [Theory]
    [InlineData("ICIs after progression on chemotherapy in NSCLC", "checkpoint-inhibitor")]
    [InlineData("A BiTE for relapsed B-cell acute lymphoblastic leukaemia", "bispecific-t-cell-engager")]
    [InlineData("RP1 plus nivolumab in melanoma", "oncolytic-virus")]
    public void Abbreviated_modalities_are_found(string title, string modality) =>
        Assert.Contains(modality, ItemTagger.Shipped.Tag(title, "").Modalities);

    [Fact]
    public void CART_in_a_statistics_paper_is_not_a_cell_therapy() =>
        Assert.False(ItemTagger.Shipped.Tag("Predicting readmission with CART and random forests", "Classification trees in cardiology.").Immunotherapy);

    [Theory]
    [InlineData("Antibodies after COVID-19 vaccination among patients with a history of cancer", "")]
    [InlineData("SARS-CoV-2 vaccine response in patients with lymphoma", "")]
    [InlineData("Influenza vaccination during chemotherapy for breast cancer", "")]
    [InlineData("Hepatitis B virus causes hepatocellular carcinoma; a vaccine for prevention has cut infections", "")]
    public void Vaccines_against_infections_are_not_cancer_vaccines_even_in_cancer_patients(string title, string text)
    {
        var tags = ItemTagger.Shipped.Tag(title, text);
        Assert.DoesNotContain("cancer-vaccine", tags.Modalities);
        Assert.False(tags.Immunotherapy);
    }

    [Theory]
    [InlineData("Recruiting", TrialStatus.Recruiting)]
    [InlineData("Not yet recruiting", TrialStatus.NotYetRecruiting)]
    [InlineData("Active, not recruiting", TrialStatus.ActiveNotRecruiting)]
    [InlineData("ACTIVE_NOT_RECRUITING", TrialStatus.ActiveNotRecruiting)]
    [InlineData("NOT_YET_RECRUITING", TrialStatus.NotYetRecruiting)]
    [InlineData("Enrolling by invitation", TrialStatus.EnrollingByInvitation)]
    [InlineData("Completed", TrialStatus.Completed)]
    [InlineData("Terminated", TrialStatus.Terminated)]
    [InlineData("Withdrawn", TrialStatus.Withdrawn)]
    [InlineData("Suspended", TrialStatus.Suspended)]
    [InlineData("Recruiting soon", null)]
    [InlineData("no longer recruiting", null)]
    public void Statuses_normalise_by_whole_phrase(string raw, string? expected) => Assert.Equal(expected, TrialStatus.Normalize(raw));

    [Theory]
    [InlineData("Condition: Melanoma. Sponsor: Merck. Not yet recruiting - verified June 2016", TrialStatus.NotYetRecruiting)]
    [InlineData("Active, not recruiting - verified May 2016", TrialStatus.ActiveNotRecruiting)]
    [InlineData("Recruiting - verified June 2016", TrialStatus.Recruiting)]
    [InlineData("Overall status: Active, not recruiting", TrialStatus.ActiveNotRecruiting)]
    [InlineData("Patients who completed recruiting visits were excluded", null)]
    public void Statuses_in_text_are_read_only_where_stated(string text, string? expected) => Assert.Equal(expected, TrialStatus.FindInText(text));

    [Theory]
    [InlineData("A Phase 1/2 study of X", "PHASE1 PHASE2")]
    [InlineData("A phase Ib trial", "PHASE1")]
    [InlineData("Randomized phase III trial", "PHASE3")]
    [InlineData("phase II and phase III", "PHASE2 PHASE3")]
    [InlineData("A Phase 4 post-marketing study", "PHASE4")]
    [InlineData("An observational registry", "")]
    public void Phases_are_normalised(string text, string expected) => Assert.Equal(expected, string.Join(' ', TrialPhase.Find(text)));

    [Fact]
    public void Nct_ids_make_an_item_a_trial()
    {
        var tags = ItemTagger.Shipped.Tag("Study of X", "Registered at ClinicalTrials.gov (nct01234567).");
        Assert.Equal(["NCT01234567"], tags.NctIds);
        Assert.True(tags.IsTrial);
    }
}
