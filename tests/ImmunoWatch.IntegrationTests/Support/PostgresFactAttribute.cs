namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A fact that needs PostgreSQL. Without one (no IMMUNOWATCH_TEST_PG, no Docker engine) it is
/// skipped on a developer's machine, but on CI (CI=true) it runs and fails: a missing database
/// must never pass silently there.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!PostgresServer.IsConfigured && !PostgresServer.IsCi)
        {
            Skip = "no PostgreSQL: set IMMUNOWATCH_TEST_PG, or run deploy/local/test.sh";
        }
    }
}
