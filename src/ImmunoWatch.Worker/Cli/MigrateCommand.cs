using System.CommandLine;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch migrate</c>: apply pending migrations and exit.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations and exit.");
        command.SetAction((_, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var applied = await services.GetRequiredService<DatabaseSetup>().RunAsync(ct);
            foreach (var migration in applied)
            {
                Console.WriteLine($"applied {migration.Version:D4}_{migration.Name}");
            }

            Console.WriteLine(applied.Count == 0 ? "database is up to date" : $"{applied.Count} migration(s) applied");
            return 0;
        }, cancellationToken, checkSchema: false));
        return command;
    }
}
