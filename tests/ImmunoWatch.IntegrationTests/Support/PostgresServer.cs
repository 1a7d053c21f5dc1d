using ImmunoWatch.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// The PostgreSQL the integration tests use: IMMUNOWATCH_TEST_PG when set (a server connection
/// string; each test gets a fresh database on it), else a Testcontainers PostgreSQL 15 when a
/// Docker engine is available. Started once per test run.
/// </summary>
internal static class PostgresServer
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _baseConnectionString;
    private static string? _template;
    private static PostgreSqlContainer? _container;

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("IMMUNOWATCH_TEST_PG")) || DockerAvailable;

    private static bool DockerAvailable => File.Exists("/var/run/docker.sock") || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST"));

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await BaseAsync();
        var name = "iw_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>
    /// A database migrated and seeded as <c>immunowatch migrate</c> leaves it, cloned from a template
    /// migrated once per test run (the short-lived commands no longer migrate on their own).
    /// </summary>
    public static async Task<string> CreateMigratedDatabaseAsync()
    {
        var server = await BaseAsync();
        await Gate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var template = "iw_template_" + Guid.NewGuid().ToString("N")[..12];
                await ExecuteAsync(server, $"CREATE DATABASE {template}");
                await using (var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(server) { Database = template, Pooling = false }.ConnectionString))
                {
                    DapperConfiguration.Apply();
                    await new DatabaseSetup(new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance), new ExplainerStore(dataSource)).RunAsync(CancellationToken.None);
                }

                _template = template;
            }
        }
        finally
        {
            Gate.Release();
        }

        var name = "iw_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {_template}");
        return new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>Drops a test's database (its connections are closed first).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await ExecuteAsync(await BaseAsync(), $"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> BaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_baseConnectionString is not null)
            {
                return _baseConnectionString;
            }

            var configured = Environment.GetEnvironmentVariable("IMMUNOWATCH_TEST_PG");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                _baseConnectionString = configured;
            }
            else if (DockerAvailable)
            {
                _container = new PostgreSqlBuilder("postgres:15").Build();
                await _container.StartAsync();
                _baseConnectionString = _container.GetConnectionString();
            }
            else
            {
                throw new InvalidOperationException("No PostgreSQL for the integration tests: set IMMUNOWATCH_TEST_PG to a server connection string (deploy/local/test.sh does), or provide a Docker engine.");
            }

            return _baseConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }
}
