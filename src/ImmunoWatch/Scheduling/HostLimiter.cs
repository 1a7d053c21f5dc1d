using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>Caps requests at once per host within this process, so one publisher is never flooded.</summary>
public sealed class HostLimiter(IOptions<PollingOptions> options) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly int _perHost = options.Value.PerHostConcurrency;

    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var gate = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(_perHost, _perHost));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    public void Dispose()
    {
        foreach (var gate in _hosts.Values)
        {
            gate.Dispose();
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
