namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A database of its own for one test (empty, or cloned from the migrated template), dropped when the test ends, pass or fail.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private ScratchDatabase(string connectionString) => ConnectionString = connectionString;

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(bool migrated) =>
        new(migrated ? await PostgresServer.CreateMigratedDatabaseAsync() : await PostgresServer.CreateDatabaseAsync());

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, parameters);
    }

    public async ValueTask DisposeAsync() => await PostgresServer.DropDatabaseAsync(ConnectionString);
}
