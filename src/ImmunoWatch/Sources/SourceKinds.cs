namespace ImmunoWatch.Sources;

/// <summary>What a source publishes (the database checks the same list).</summary>
public static class SourceKinds
{
    public const string News = "news";
    public const string Trials = "trials";
    public const string Journal = "journal";
    public const string Preprint = "preprint";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [News, Trials, Journal, Preprint, Other];
}
