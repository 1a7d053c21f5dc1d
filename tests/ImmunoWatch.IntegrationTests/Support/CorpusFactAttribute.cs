namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A fact that needs ../shared/corpus: skipped with a reason in a clone without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (SharedCorpus.Path is null)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
    }
}

internal static class SharedCorpus
{
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
