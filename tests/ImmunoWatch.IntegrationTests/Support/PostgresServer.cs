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
