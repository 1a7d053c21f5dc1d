namespace ImmunoWatch.Tests.Support;

/// <summary>A fact that needs ../shared/corpus: skipped with a reason in a clone without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (RepositoryPaths.SharedCorpus is null)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
    }
}
