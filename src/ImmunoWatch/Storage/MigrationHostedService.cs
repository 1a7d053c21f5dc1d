using Microsoft.Extensions.Hosting;

namespace ImmunoWatch.Storage;

/// <summary>
/// Migrates the database while the host starts, before the scheduler (registered after this
/// service) can touch its tables. StartAsync, not ExecuteAsync: start-up must wait for it.
/// </summary>
public sealed class MigrationHostedService(DatabaseSetup setup) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => setup.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
