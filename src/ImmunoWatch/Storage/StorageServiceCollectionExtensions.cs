using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImmunoWatch.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        DapperConfiguration.Apply();
        services.AddOptions<DatabaseOptions>()
            .Configure(o => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "")
            .ValidateDataAnnotations()
            .Validate(o => IsParseable(o.ConnectionString), "ConnectionStrings:ImmunoWatch is not a valid Npgsql connection string")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "immunowatch";
            if (!Names(connectionString, "Max Auto Prepare"))
            {
                // Every write of a poll runs the same few statements; prepared once per connection,
                // the server stops parsing and planning them each time (the cold-poll figures are in
                // bench/results). "Max Auto Prepare=0" turns it off, e.g. behind a pooler that cannot
                // keep prepared statements.
                builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            }

            return builder.Build();
        });
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<SourceStore>();
        services.TryAddSingleton<ItemStore>();
        services.TryAddSingleton<FetchStateStore>();
        services.TryAddSingleton<ItemTagStore>();
        services.TryAddSingleton<SubscriberStore>();
        services.TryAddSingleton<TrialPlaces>();
        services.TryAddSingleton<AdminStore>();
        services.TryAddSingleton<AuditStore>();
        services.TryAddSingleton<PlotData>();
        services.TryAddSingleton<ExplainerStore>();
        services.TryAddSingleton<DigestOutboxStore>();
        services.TryAddSingleton<WriteHorizon>();
        services.TryAddSingleton<OperationalCountsStore>();
        services.TryAddSingleton<DatabaseSetup>();
        return services;
    }

    /// <summary>Statements each connection keeps prepared (Npgsql's automatic preparation), unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>True when <paramref name="connectionString"/> sets <paramref name="keyword"/> (any case, spaces optional).</summary>
    private static bool Names(string connectionString, string keyword)
    {
        var parsed = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var wanted = keyword.Replace(" ", "", StringComparison.Ordinal);
        return parsed.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), wanted, StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsParseable(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return true; // reported by [Required] with a better message
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
