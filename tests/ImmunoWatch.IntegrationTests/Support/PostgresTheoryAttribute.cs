namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A theory that needs PostgreSQL; skipped locally without one, failing on CI (see <see cref="PostgresFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!PostgresServer.IsConfigured && !PostgresServer.IsCi)
        {
            Skip = "no PostgreSQL: set IMMUNOWATCH_TEST_PG, or run deploy/local/test.sh";
        }
    }
}
