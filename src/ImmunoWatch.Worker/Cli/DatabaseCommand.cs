using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImmunoWatch.Worker.Cli;

/// <summary>Runs a command body that needs the database (migrated first), turning database failures into one-line errors.</summary>
internal static class DatabaseCommand
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool migrateFirst = true)
    {
        await using var services = CliHost.BuildServices(needsDatabase: true);
        try
        {
            // Every database command works on a fresh database: migrate (and seed) first; cheap when up to date.
            if (migrateFirst)
            {
                await services.GetRequiredService<ImmunoWatch.Storage.DatabaseSetup>().RunAsync(cancellationToken);
            }

            return await body(services, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"error: database: {ex.Message}");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("migration ", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
