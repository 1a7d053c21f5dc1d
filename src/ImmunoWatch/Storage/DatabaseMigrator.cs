using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Applies db/migrations/NNNN_*.sql in order, each in its own transaction, under a PostgreSQL
/// advisory lock so that several workers starting at once migrate exactly once. A migration that
/// changed after it was applied stops start-up: the database and the code would disagree.
/// </summary>
public sealed class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    /// <summary>Arbitrary constant naming ImmunoWatch's migration lock.</summary>
    private const long MigrationLockKey = 0x1A11_0A7C_0001;

    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <returns>The migrations applied by this call.</returns>
    public async Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<(int Version, string Checksum)>(new CommandDefinition(
                "SELECT version, checksum FROM schema_migrations", cancellationToken: cancellationToken))).ToDictionary(r => r.Version, r => r.Checksum);
            var done = new List<Migration>();
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException($"migration {migration.Version:D4}_{migration.Name} was changed after it was applied; add a new migration instead");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)",
                    migration, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                StorageLog.MigrationApplied(logger, migration.Version, migration.Name);
                done.Add(migration);
            }

            return done;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>
    /// The embedded migrations this database lacks, read in one query without taking the migration
    /// lock: what the short-lived commands check instead of migrating.
    /// </summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var applied = (await connection.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            return Embedded.Where(m => !applied.Contains(m.Version)).ToList();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return Embedded; // a database nothing was ever applied to
        }
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("migrations/", StringComparison.Ordinal)))
        {
            var file = resource["migrations/".Length..];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file[..underscore], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(file[(underscore + 1)..]), reader.ReadToEnd()));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        return duplicate is not null
            ? throw new InvalidOperationException($"two migrations share number {duplicate.Key:D4}")
            : migrations.OrderBy(m => m.Version).ToList();
    }
}
