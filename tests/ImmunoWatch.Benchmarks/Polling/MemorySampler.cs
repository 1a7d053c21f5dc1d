using System.Globalization;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// Reads the resident memory of a process's children from /proc every 50 ms and keeps the peaks
/// of its two parts: anonymous memory (heaps, stacks, compiled code) and file-backed pages (the
/// mapped executable images, clean and shared between processes of the same build). GNU time's
/// peak RSS is their sum at one moment; the split shows which part a change moved.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly int _parent;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakAnonKb;
    private long _peakFileKb;

    public MemorySampler(int parentProcessId)
    {
        _parent = parentProcessId;
        _loop = Task.Run(SampleUntilStoppedAsync);
    }

    /// <summary>Stops sampling; the peaks in MB (0 when the child ended before the first sample).</summary>
    public (double AnonMb, double FileMb) Stop()
    {
        _stop.Cancel();
        _loop.Wait();
        return (_peakAnonKb / 1024.0, _peakFileKb / 1024.0);
    }

    public void Dispose() => _stop.Dispose();

    private async Task SampleUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(50, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        try
        {
            var children = File.ReadAllText($"/proc/{_parent}/task/{_parent}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var child in children)
            {
                foreach (var line in File.ReadLines($"/proc/{child}/status"))
                {
                    if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    {
                        _peakAnonKb = Math.Max(_peakAnonKb, Kilobytes(line));
                    }
                    else if (line.StartsWith("RssFile:", StringComparison.Ordinal))
                    {
                        _peakFileKb = Math.Max(_peakFileKb, Kilobytes(line));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended (or changed hands) between listing and reading: the earlier samples stand.
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
