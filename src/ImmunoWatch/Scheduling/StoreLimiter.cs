using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Caps the polls of this process that use the database at once (<see cref="PollingOptions.StoreConcurrency"/>).
/// Fetches run many at a time because they wait on the network; a database step is CPU on the
/// server, and every concurrent one needs its own connection, which PostgreSQL serves with its own
/// backend process (tens of milliseconds of server CPU to start, on a small machine). A handful of
/// writers keep the server busy; more only add backends and lock waits.
/// </summary>
public sealed class StoreLimiter(IOptions<PollingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.StoreConcurrency, options.Value.StoreConcurrency);

    /// <summary>Runs <paramref name="step"/> (one database step of a poll) in a free slot.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await step();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
