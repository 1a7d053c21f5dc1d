namespace ImmunoWatch.Tests.Support;

/// <summary>A fact that needs ../shared/gold/dev.jsonl: skipped with a reason in a user's clone without it; run, and failing, under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class GoldFactAttribute : FactAttribute
{
    public GoldFactAttribute()
    {
        if (RepositoryPaths.GoldFile is null && !RepositoryPaths.IsCi)
        {
            Skip = "../shared/gold/dev.jsonl is not present beside this checkout";
        }
    }
}
