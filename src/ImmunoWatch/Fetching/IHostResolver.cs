using System.Net;

namespace ImmunoWatch.Fetching;

/// <summary>Name resolution, replaceable in tests (DNS rebinding is tested with a resolver that changes its answer).</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
