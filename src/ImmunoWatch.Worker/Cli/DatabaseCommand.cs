using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// Runs a command body that needs the database, turning database failures into one-line errors.
/// Only <c>run</c> and <c>migrate</c> change the schema; every other command checks that the
/// schema is current (one query) and otherwise exits 2 saying to run <c>immunowatch migrate</c>.
/// </summary>
internal static class DatabaseCommand
{
    public const int SchemaBehindExitCode = 2;

    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool checkSchema = true)
    {
        await using var services = CliHost.BuildServices(needsDatabase: true);
        try
        {
            if (checkSchema && await services.GetRequiredService<DatabaseMigrator>().PendingAsync(cancellationToken) is { Count: > 0 } pending)
            {
                await Console.Error.WriteLineAsync(
                    $"error: the database schema is behind this version of immunowatch ({pending.Count} migration(s) pending, first {pending[0].Version:D4}_{pending[0].Name}): run `immunowatch migrate` first");
                return SchemaBehindExitCode;
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
