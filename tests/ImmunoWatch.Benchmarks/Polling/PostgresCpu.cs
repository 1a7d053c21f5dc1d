using System.Globalization;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// CPU time of a PostgreSQL server: the postmaster's own and its reaped children's (backends that
/// have exited), plus every live child's, read from /proc. The difference of two readings is what
/// the server spent in between.
/// </summary>
internal sealed class PostgresCpu(int postmasterPid)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static PostgresCpu FromDataDirectory(string dataDirectory) =>
        new(int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture));

    /// <summary>
    /// Waits (up to 5 s) until no client backend is left: a worker's connections close as it exits,
    /// and a backend's CPU is counted once the postmaster has reaped it.
    /// </summary>
    public void WaitForClientsToLeave()
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && Children().Any(IsClientBackend))
        {
            Thread.Sleep(20);
        }
    }

    private IEnumerable<int> Children()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && pid != postmasterPid && ParentOf(pid) == postmasterPid)
            {
                yield return pid;
            }
        }
    }

    /// <summary>A backend serving a TCP client: PostgreSQL titles it "postgres: USER DATABASE HOST(PORT) STATE".</summary>
    private static bool IsClientBackend(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("127.0.0.1(", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public double Seconds()
    {
        var ticks = Stat(postmasterPid, includeChildren: true) + Children().Sum(pid => Stat(pid, includeChildren: false));
        return ticks / TicksPerSecond;
    }

    private static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces; the fields after its closing parenthesis are fixed.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int ParentOf(int pid) => Fields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    private static long Stat(int pid, bool includeChildren)
    {
        if (Fields(pid) is not { } f)
        {
            return 0;
        }

        // After the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return includeChildren ? ticks + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : ticks;
    }
}
