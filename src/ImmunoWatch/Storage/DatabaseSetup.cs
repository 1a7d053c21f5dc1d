namespace ImmunoWatch.Storage;

/// <summary>Brings a database up to date: schema migrations, then seed content (the explainer) that admins may later edit.</summary>
public sealed class DatabaseSetup(DatabaseMigrator migrator, ExplainerStore explainers)
{
    public async Task<IReadOnlyList<Migration>> RunAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        await explainers.SeedAsync(cancellationToken);
        return applied;
    }
}
