using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// What the .NET runtime spent on this process so far, on one line (<c>poll --stats</c>): methods
/// compiled at run time and the time spent compiling them, garbage collections with their pauses
/// and the bytes allocated, and the process's CPU time. The benchmark reads it to say where a
/// poll's time went beyond the pipeline's own stages.
/// </summary>
internal static class RuntimeStats
{
    public static string Line()
    {
        using var process = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture,
            $"runtime: jit_methods={JitInfo.GetCompiledMethodCount()} jit_s={JitInfo.GetCompilationTime().TotalSeconds:0.###} " +
            $"gc_pause_s={GC.GetTotalPauseDuration().TotalSeconds:0.###} gc_counts={GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} " +
            $"allocated_mb={GC.GetTotalAllocatedBytes() / (1024 * 1024)} cpu_s={process.TotalProcessorTime.TotalSeconds:0.###}");
    }
}
