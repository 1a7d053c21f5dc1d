namespace ImmunoWatch.Tests.Support;

/// <summary>A fact that needs ../shared/corpus: skipped with a reason in a user's clone without it; run, and failing, under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (RepositoryPaths.SharedCorpus is null && !RepositoryPaths.IsCi)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
    }
}
