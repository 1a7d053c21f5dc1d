namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A fact that needs both PostgreSQL and ../shared/corpus: skipped on a developer's machine without either, run (and failing) under CI=true.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresCorpusFactAttribute : FactAttribute
{
    public PostgresCorpusFactAttribute()
    {
        if (PostgresServer.IsCi)
        {
            return;
        }

        if (!PostgresServer.IsConfigured)
        {
            Skip = "no PostgreSQL: set IMMUNOWATCH_TEST_PG, or run deploy/local/test.sh";
        }
        else if (SharedCorpus.Path is null)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
    }
}
