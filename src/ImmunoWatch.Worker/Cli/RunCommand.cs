using System.CommandLine;
using ImmunoWatch.Worker.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch run</c> (the default): the worker, until stopped.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var command = new Command("run", "Run the worker: migrate, then poll sources on the clustered schedule and serve HTTP endpoints.");
        command.SetAction((_, cancellationToken) => RunAsync(cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var app = WorkerHost.Build([]);
        // Validate settings before the host starts, so a bad one ends the process with one clear line.
        OptionsStartupValidation.ValidateAll(app.Services);
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
