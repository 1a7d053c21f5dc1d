namespace ImmunoWatch.Tagging;

/// <summary>What a lexicon phrase means.</summary>
internal enum LexiconEntryKind
{
    /// <summary>A cancer type; <see cref="LexiconEntry.Code"/> is an OncoTree code.</summary>
    Cancer,
    /// <summary>Cancer without a site ("tumor", "leukemia").</summary>
    Generic,
    /// <summary>A phrase that must not count (benign, premalignant, a metastasis site, a syndrome).</summary>
    None,
    /// <summary>An immunotherapy modality; <see cref="LexiconEntry.Code"/> names it.</summary>
    Modality,
    /// <summary>Immunotherapy named without a modality.</summary>
    Immunotherapy,
}

/// <summary>
/// One meaning, with its rules: valid only beside other cancer words, and whether its head word
/// may be shared by organs listed before it ("breast and ovarian cancer"): true for organ + head
/// phrases, false for named types ("pheochromocytoma"). A code may join several with '+'. A
/// trial-only entry names its tissues only in a trial (whose eligibility it describes: "blood
/// cancers" admits lymphoid and myeloid ones) and is generic cancer anywhere else.
/// </summary>
internal sealed record LexiconEntry(LexiconEntryKind Kind, string Code, bool NeedsCancerContext, int Priority, bool SharesHead = false, bool TrialOnly = false);
