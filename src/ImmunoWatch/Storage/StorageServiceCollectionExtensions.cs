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
            var builder = new NpgsqlDataSourceBuilder(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString);
            builder.ConnectionStringBuilder.ApplicationName ??= "immunowatch";
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
        services.TryAddSingleton<OperationalCountsStore>();
        services.TryAddSingleton<DatabaseSetup>();
        return services;
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
