using System.Net;
using ImmunoWatch.Fetching;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A resolver whose answers the test scripts, one list per call (the last repeats).</summary>
internal sealed class StubResolver(params IPAddress[][] answers) : IHostResolver
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        return Task.FromResult(answers[Math.Min(call, answers.Length - 1)]);
    }
}
