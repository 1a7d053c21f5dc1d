namespace ImmunoWatch.Tagging;

/// <summary>
/// The version of the tagging rules and data. Raise it whenever Tagging/Data or the rules change:
/// stored items tagged with an older version are re-tagged in the background, without re-fetching.
/// </summary>
public static class TaggerVersion
{
    public const int Current = 2;
}
