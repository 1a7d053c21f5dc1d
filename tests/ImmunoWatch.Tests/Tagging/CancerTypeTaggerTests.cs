using ImmunoWatch.Tagging;

namespace ImmunoWatch.Tests.Tagging;

/// <summary>The hard cases: abbreviations in and out of context, benign vs malignant, metastasis sites, leukaemia lineage.</summary>
public sealed class CancerTypeTaggerTests
{
    private static IReadOnlyList<string> Sites(string title, string text = "") => ItemTagger.Shipped.Tag(title, text).Sites;

    private static IReadOnlyList<string> Codes(string title, string text = "") => ItemTagger.Shipped.Tag(title, text).CancerTypes.Select(c => c.Code).ToList();

    [Theory]
    [InlineData("Pembrolizumab in NSCLC with high PD-L1", "LUNG")]
    [InlineData("Outcomes in ccRCC after nephrectomy", "KIDNEY")]
    [InlineData("Atezolizumab plus bevacizumab for unresectable HCC", "LIVER")]
    [InlineData("Radiotherapy for GBM in older adults", "BRAIN")]
    [InlineData("Ibrutinib for CLL: long-term follow-up", "LYMPH")]
    [InlineData("Venetoclax with azacitidine in AML", "MYELOID")]
    [InlineData("Nivolumab in relapsed cHL", "LYMPH")]
    [InlineData("Cetuximab in recurrent HNSCC", "HEAD_NECK")]
    [InlineData("Enzalutamide in mCRPC", "PROSTATE")]
    [InlineData("Sacituzumab govitecan in TNBC", "BREAST")]
    [InlineData("Nivolumab in ESCC after chemoradiotherapy", "STOMACH")]
    [InlineData("Avelumab maintenance in urothelial carcinoma", "BLADDER")]
    [InlineData("Mesothelioma of the pleura: MPM trial", "PLEURA")]
    [InlineData("Tebentafusp in uveal melanoma", "EYE")]
    [InlineData("Cancer of the cervix in low-income countries", "CERVIX")]
    [InlineData("Carcinoma of the oesophagus", "STOMACH")]
    [InlineData("Non-Hodgkin's lymphoma in children", "LYMPH")]
    [InlineData("Wilms' tumours of the kidney", "KIDNEY")]
    [InlineData("Gastric lymphoma after H. pylori eradication", "LYMPH")]
    public void Names_abbreviations_and_spellings_roll_up_to_their_tissue(string title, string site) =>
        Assert.Equal([site], Sites(title));

    [Theory]
    [InlineData("ALL patients received the vaccine", "")]
    [InlineData("All patients were followed for 5 years", "")]
    [InlineData("Nodules larger than 5 MM were resected", "")]
    [InlineData("HR for death was 0.7 in the treated arm", "")]
    [InlineData("MM was assessed in all participants", "")]
    [InlineData("CHILDREN WITH ALL GENETIC DISORDERS ENROLLED IN THE STUDY", "")]
    [InlineData("Outcome of UC after colectomy", "")]
    public void Ambiguous_abbreviations_need_cancer_context(string title, string expected)
    {
        var sites = Sites(title);
        Assert.Equal(expected, string.Join(' ', sites));
    }

    [Fact]
    public void Ambiguous_abbreviations_count_beside_cancer_words()
    {
        Assert.Equal(["LYMPH"], Sites("Blinatumomab in children with relapsed ALL", "Acute lymphoblastic leukemia (ALL) remains the most common childhood cancer."));
        Assert.Equal(["LYMPH"], Sites("Daratumumab in MM", "Multiple myeloma patients were treated with daratumumab."));
    }

    [Theory]
    [InlineData("Colorectal adenomas and polyps in screening colonoscopy")]
    [InlineData("Benign breast tumors in young women")]
    [InlineData("Pituitary adenoma resection outcomes")]
    [InlineData("Melanocytic nevi and sun exposure")]
    [InlineData("MGUS progression risk")]
    [InlineData("Cervical intraepithelial neoplasia grade 2")]
    [InlineData("Renal oncocytoma imaging features")]
    [InlineData("Lynch syndrome carriers and surveillance")]
    public void Benign_and_premalignant_mentions_are_not_cancers(string title) => Assert.Empty(Sites(title));

    [Fact]
    public void Metastasis_sites_are_not_primary_sites()
    {
        Assert.Equal(["LUNG"], Sites("Brain metastases from non-small cell lung cancer treated with radiosurgery"));
        Assert.Equal(["BREAST"], Sites("Liver metastases of breast cancer"));
        Assert.Empty(Sites("Bone metastases: palliative radiotherapy"));
        Assert.Equal(["BOWEL"], Sites("Colorectal cancer with metastasis to the liver"));
        Assert.Empty(Sites("Secondary liver cancer after resection"));
    }

    [Fact]
    public void Leukaemia_lineage_decides_the_tissue()
    {
        Assert.Empty(Sites("Leukaemia in adolescents"));
        Assert.True(ItemTagger.Shipped.Tag("Leukaemia in adolescents", "").GenericCancer);
        Assert.Equal(["MYELOID"], Sites("Chronic myeloid leukaemia: stopping imatinib"));
        Assert.Equal(["LYMPH"], Sites("Chronic lymphocytic leukemia"));
        Assert.Equal(["LYMPH"], Sites("Acute lymphoblastic leukaemia in infants"));
        Assert.Equal(["MYELOID"], Sites("Myelodysplastic syndromes and acute myeloid leukemia"));
    }

    [Fact]
    public void Coordinated_organs_share_the_head()
    {
        Assert.Equal(["BREAST", "OVARY"], Sites("Hereditary breast and ovarian cancer"));
        Assert.Equal(["BREAST", "OVARY"], Sites("BRCA1 in breast and/or ovarian cancer"));
        Assert.Equal(["BREAST", "OVARY", "PROSTATE"], Sites("Ovarian, breast and prostate cancers"));
        Assert.Equal(["BREAST", "OVARY"], Sites("Breast-ovarian cancer families"));
        Assert.Equal(["ADRENAL_GLAND", "KIDNEY"], Sites("Hemangioblastomas of the central nervous system, pheochromocytomas and renal cell carcinomas"));
    }

    [Fact]
    public void Organs_listed_after_an_of_phrase_share_its_head()
    {
        Assert.Equal(["BLADDER", "KIDNEY"], Sites("Risk of cancer of the renal pelvis, ureter or kidney"));
        Assert.Equal(["BOWEL", "BREAST", "LUNG"], Sites("Cancers of the lung, breast and colon in smokers"));
        Assert.Equal(["BREAST"], Sites("Carcinoma of the breast and bone metastases"));
        Assert.Equal(["BREAST"], Sites("Cancer of the breast and heart disease"));
        Assert.Equal(["BREAST"], Sites("Cancer of the breast and lung function after radiotherapy"));
    }

    [Theory]
    [InlineData("Ovarian high-grade serous carcinoma", "OVARY")]
    [InlineData("Lung large cell neuroendocrine carcinoma", "LUNG")]
    [InlineData("Breast invasive ductal carcinoma", "BREAST")]
    [InlineData("Kidney medullary carcinoma in sickle cell trait", "KIDNEY")]
    [InlineData("Thyroid gland papillary carcinoma", "THYROID")]
    [InlineData("Ovarian germ cell tumours in girls", "OVARY")]
    public void Histology_words_may_stand_between_organ_and_head(string title, string site) =>
        Assert.Equal([site], Sites(title));

    [Theory]
    [InlineData("Gastric (Stomach) Cancer", "STOMACH")]
    [InlineData("Kidney (including Renal Cell) Cancer", "KIDNEY")]
    [InlineData("Stage IV Hypopharyngeal Throat Cancer", "HEAD_NECK")]
    [InlineData("Ovarian Epithelial Cancer", "OVARY")]
    [InlineData("Malignant Rhabdoid Tumor of the Brain", "BRAIN")]
    [InlineData("Imatinib for GISTs", "SOFT_TISSUE")]
    [InlineData("Non-lymphocytic leukaemia in adults", "MYELOID")]
    public void NCI_display_names_and_abbreviation_plurals(string title, string site) =>
        Assert.Equal([site], Sites(title));

    [Fact]
    public void A_parenthesis_elsewhere_does_not_join_words() =>
        Assert.Empty(Sites("Lung (function) was measured before the tumour board"));

    [Fact]
    public void Cell_therapy_words_are_not_cancers()
    {
        Assert.Empty(Sites("Interleukin-21 expanded natural killer cells for induction"));
        Assert.Equal(["SOFT_TISSUE"], Sites("Primary mediastinal sarcoma")); // not "Primary Mediastinal (Thymic) Large B-Cell Lymphoma" cut short
    }

    [Fact]
    public void A_metastasis_word_is_not_a_histology_word() =>
        Assert.Empty(Sites("Liver metastatic tumours: resection outcomes"));

    [Theory]
    [InlineData("Malignant melanoma of the anus", "BOWEL")]
    [InlineData("Conjunctival and vulvar melanoma", "EYE VULVA")]
    [InlineData("Malignant mesothelioma of the peritoneum", "PERITONEUM")]
    [InlineData("Testicular choriocarcinoma", "TESTIS")]
    [InlineData("Mixed germ cell tumour of the testis", "TESTIS")]
    [InlineData("Chordoma of the clivus", "BONE")]
    [InlineData("Cutaneous squamous cell carcinoma of the head and neck", "SKIN")]
    [InlineData("Small intestinal stromal tumours", "SOFT_TISSUE")]
    [InlineData("Mediastinal seminoma", "OTHER")]
    [InlineData("AL amyloidosis with cardiac involvement", "LYMPH")]
    public void A_named_type_at_an_organ_takes_the_organ(string title, string sites) =>
        Assert.Equal(sites, string.Join(' ', Sites(title)));

    [Fact]
    public void Group_names_name_their_tissues_in_a_trial_and_no_tissue_elsewhere()
    {
        var trial = ItemTagger.Shipped.Tag("Donor immune cell depletion for the treatment of hematologic malignancies", "", "NCT02323867");
        Assert.Equal(["LYMPH", "MYELOID"], trial.Sites);
        Assert.Equal(["CERVIX", "OVARY", "UTERUS", "VULVA"], ItemTagger.Shipped.Tag("Nivolumab in recurrent gynaecological cancers", "", "NCT01234567").Sites);
        Assert.Equal(["BLADDER", "KIDNEY", "PENIS", "PROSTATE", "TESTIS"], ItemTagger.Shipped.Tag("Nivolumab and ipilimumab in rare genitourinary tumors", "", "NCT01234568").Sites);
        Assert.Empty(ItemTagger.Shipped.Tag("Sexual health after treatment for gynecologic cancer", "").Sites);
        var article = ItemTagger.Shipped.Tag("G6PD deficiency and the incidence of hematologic malignancy", "");
        Assert.Empty(article.Sites);
        Assert.True(article.GenericCancer);
    }

    [Fact]
    public void Plurals_match_even_where_a_phrase_brought_the_plural_first() =>
        Assert.Equal(["MYELOID"], Sites("Selumetinib for Histiocytic Disorders"));

    [Fact]
    public void The_most_specific_code_is_kept()
    {
        Assert.Equal(["NSCLC"], Codes("Lung cancer: pembrolizumab in non-small cell lung cancer"));
        Assert.Equal(["MEL"], Codes("Melanoma"));
        Assert.Equal(["LUNG"], Codes("Lung cancer screening"));
    }

    [Fact]
    public void Cell_line_names_are_not_diseases() =>
        Assert.Equal(["BREAST"], Sites("Foci were reduced in HCC/1937 breast cancer cells"));

    [Fact]
    public void Non_cancer_records_get_nothing()
    {
        Assert.Empty(Sites("Acute kidney injury in patients with COVID-19", "We aimed to investigate the effect of acute kidney injury on prognosis."));
        Assert.Empty(Sites("Connective tissue grafts at the palatal donor site", "Soft tissue coverage of exposed root surfaces in the head and neck region."));
        Assert.Empty(Sites("Peripheral neuropathy in diabetes", "Hypomyelination of the peripheral nervous system."));
    }
}
