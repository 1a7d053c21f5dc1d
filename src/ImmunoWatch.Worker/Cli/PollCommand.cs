using System.CommandLine;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch poll [--feed ID] [--all] [--stats]</c>: poll now in this process, print a summary, exit.</summary>
internal static class PollCommand
{
    public static Command Create()
    {
        var feed = new Option<long?>("--feed") { Description = "Poll only this source (by id), due or not." };
        var all = new Option<bool>("--all") { Description = "Poll every enabled source, due or not." };
        var stats = new Option<bool>("--stats") { Description = "Also print, to stderr, the time each pipeline stage took (summed over sources) and what the runtime spent (compiling code, collecting garbage)." };
        var command = new Command("poll", "Poll due sources now (or all, or one), then print a summary.") { feed, all, stats };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var summary = await services.GetRequiredService<PollingService>().PollAsync(result.GetValue(all), result.GetValue(feed), ct);
            Console.WriteLine(summary.ToString());
            if (result.GetValue(stats))
            {
                await Console.Error.WriteLineAsync($"stages: {summary.Stages}");
                await Console.Error.WriteLineAsync(RuntimeStats.Line());
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
