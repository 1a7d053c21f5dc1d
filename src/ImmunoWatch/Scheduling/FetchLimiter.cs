using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Caps fetches in flight within this process: in total (however many ticks overlap) and per host,
/// so one publisher is never flooded.
/// </summary>
public sealed class FetchLimiter(IOptions<PollingOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _total = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private readonly int _perHost = options.Value.PerHostConcurrency;

    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var gate = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(_perHost, _perHost));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await _total.WaitAsync(cancellationToken);
        }
        catch
        {
            gate.Release();
            throw;
        }

        return new Release(gate, _total);
    }

    public void Dispose()
    {
        _total.Dispose();
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim host, SemaphoreSlim total) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                total.Release();
                host.Release();
            }
        }
    }
}
