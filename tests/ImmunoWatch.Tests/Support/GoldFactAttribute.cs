namespace ImmunoWatch.Tests.Support;

/// <summary>A fact that needs ../shared/gold/dev.jsonl: skipped with a reason in a clone without it.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class GoldFactAttribute : FactAttribute
{
    public GoldFactAttribute()
    {
        if (RepositoryPaths.GoldFile is null)
        {
            Skip = "../shared/gold/dev.jsonl is not present beside this checkout";
        }
    }
}
