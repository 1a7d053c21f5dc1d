using Dapper;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Storage;

/// <summary>
/// The data source prepares the statements a connection runs again and again (Npgsql's automatic
/// preparation), unless the connection string sets "Max Auto Prepare" itself.
/// </summary>
public sealed class PreparedStatementTests
{
    [PostgresFact]
    public async Task A_statement_run_repeatedly_is_prepared_on_its_connection()
    {
        await using var db = await Database.CreateAsync();
        Assert.Equal(1, await PreparedAfterRepeatsAsync(db.ConnectionString));
    }

    [PostgresFact]
    public async Task Max_Auto_Prepare_in_the_connection_string_wins()
    {
        await using var db = await Database.CreateAsync();
        Assert.Equal(0, await PreparedAfterRepeatsAsync(db.ConnectionString + ";max auto prepare=0"));
        Assert.Equal(0, await PreparedAfterRepeatsAsync(db.ConnectionString + ";MaxAutoPrepare=0"));
    }

    /// <summary>Runs one query ten times on one connection of the data source that AddStorage builds, then counts the statements the server holds prepared for that session.</summary>
    private static async Task<long> PreparedAfterRepeatsAsync(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString })
            .Build();
        await using var services = new ServiceCollection().AddStorage(configuration).BuildServiceProvider();
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        for (var i = 0; i < 10; i++)
        {
            _ = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sources WHERE id > @i", new { i });
        }

        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%FROM sources WHERE id >%'");
    }
}
