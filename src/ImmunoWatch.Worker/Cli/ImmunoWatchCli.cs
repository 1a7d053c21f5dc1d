using System.CommandLine;
using ImmunoWatch.Worker.Hosting;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Worker.Cli;

/// <summary>The command tree of <c>immunowatch</c>. Exit codes: 0 success, 1 failure, 2 bad usage or configuration.</summary>
internal static class ImmunoWatchCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("ImmunoWatch: cancer immunotherapy research alerts. Without a command, runs the worker.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(PollCommand.Create());
        root.Subcommands.Add(FeedsCommand.Create());
        root.Subcommands.Add(SubscribersCommand.Create());
        root.Subcommands.Add(DigestCommand.Create());
        root.Subcommands.Add(BouncesCommand.Create());
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(TagCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        root.Subcommands.Add(AdminsCommand.Create());
        root.SetAction((_, cancellationToken) => RunCommand.RunAsync(cancellationToken));
        try
        {
            // SIGTERM and Ctrl+C cancel the command's token; the process then gets the worker's whole
            // shutdown time to finish (System.CommandLine's own default would end it after 2 s, cutting
            // a digest off mid-transmission).
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = WorkerHost.ShutdownTimeout + TimeSpan.FromSeconds(15),
            });
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(Describe(ex));
            return 2;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            foreach (var inner in ex.InnerExceptions.Cast<OptionsValidationException>())
            {
                await Console.Error.WriteLineAsync(Describe(inner));
            }

            return 2;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"error: database: {ex.Message}");
            return 1;
        }
    }

    private static string Describe(OptionsValidationException ex)
    {
        var section = ex.OptionsType.GetField("Section")?.GetValue(null) as string ?? ex.OptionsType.Name;
        return $"configuration error in section '{section}': {string.Join("; ", ex.Failures)}";
    }
}
