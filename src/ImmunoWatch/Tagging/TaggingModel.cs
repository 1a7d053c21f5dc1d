namespace ImmunoWatch.Tagging;

/// <summary>
/// Builds every lexicon once, in one type initialiser: the shared vocabulary only grows here, so
/// once any tagger is used it is read-only and safe on any number of threads.
/// </summary>
internal static class TaggingModel
{
    public static readonly CancerTypeTagger Cancers = new(OncoTree.Shipped);
    public static readonly ModalityTagger Modalities = new();
    public static readonly int PhaseWord = Vocabulary.Shared.Add("phase");
    public static readonly int[] StatusWords = new[] { "recruiting", "status", "verified", "completed", "terminated", "withdrawn", "suspended", "enrolling" }.Select(Vocabulary.Shared.Add).ToArray();
}
