using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A fresh, migrated database with the production services wired to it.</summary>
internal sealed class Database : IAsyncDisposable, IServiceProvider
{
    private Database(string connectionString, ServiceProvider services)
    {
        ConnectionString = connectionString;
        Services = services;
    }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    /// <param name="settings">Configuration for the services.</param>
    /// <param name="time">The clock, if not the system's.</param>
    /// <param name="resolver">The DNS resolver, if not the system's.</param>
    /// <param name="keepDefaultSources">Keep the seeded public sources (tests must never poll them: no traffic leaves this machine).</param>
    /// <param name="relay">Given the server's host and port, starts a relay to it and returns the relay's loopback port: the services connect through it.</param>
    public static async Task<Database> CreateAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null, ImmunoWatch.Fetching.IHostResolver? resolver = null, bool keepDefaultSources = false, Func<string, int, int>? relay = null)
    {
        var connectionString = await PostgresServer.CreateMigratedDatabaseAsync();
        var server = new NpgsqlConnectionStringBuilder(connectionString);
        var servicesConnect = relay is null ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = relay(server.Host!, server.Port) }.ConnectionString;
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["ConnectionStrings:ImmunoWatch"] = servicesConnect };
        var services = TestServices.Create(all, resolver, time);
        var database = new Database(connectionString, services);
        if (!keepDefaultSources)
        {
            await database.ExecuteAsync("DELETE FROM sources");
        }

        return database;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public object? GetService(Type serviceType) => Services.GetService(serviceType);

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<T>(connection, sql, parameters);
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        await Dapper.SqlMapper.ExecuteAsync(connection, sql, parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }
}
