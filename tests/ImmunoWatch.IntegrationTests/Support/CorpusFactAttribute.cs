namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A fact that needs ../shared/corpus: skipped with a reason in a user's clone without it, but run
/// (and failing on the missing corpus) when CI=true, where the corpus must be there.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (SharedCorpus.Path is null && !PostgresServer.IsCi)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
    }
}

internal static class SharedCorpus
{
    /// <summary>The corpus folder, or a clear failure when it is missing (only CI runs a corpus test without it).</summary>
    public static string Required => Path ?? throw new InvalidOperationException(
        "the shared corpus is missing: CI=true needs ../shared beside the checkout (or IMMUNOWATCH_SHARED_DIR pointing at it)");

    public static string? Path
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("IMMUNOWATCH_SHARED_DIR") ?? System.IO.Path.Combine(RepositoryRoot.Path, "..", "shared");
            var corpus = System.IO.Path.GetFullPath(System.IO.Path.Combine(shared, "corpus"));
            return Directory.Exists(corpus) ? corpus : null;
        }
    }
}
