using System.Diagnostics;
using System.Globalization;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// Runs one command under GNU time and reports wall time, CPU time and peak RSS of the command,
/// the peaks of its anonymous and file-backed memory (sampled, <see cref="MemorySampler"/>), plus the
/// CPU the PostgreSQL server spent meanwhile (when one is given).
/// </summary>
internal sealed record MeasuredRun(string Label, double WallSeconds, double CpuSeconds, double PeakRssMb, double PeakAnonMb, double PeakFileMb, double PostgresCpuSeconds, int ExitCode, string Output)
{
    public static MeasuredRun Run(string label, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, PostgresCpu? postgres, string workingDirectory)
    {
        var timeFile = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { "-f", "%e %U %S %M", "-o", timeFile, fileName }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var pgBefore = postgres?.Seconds() ?? 0;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        using var memory = new MemorySampler(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var (anon, file) = memory.Stop();
        var output = stdout.Result + stderr.Result;
        postgres?.WaitForClientsToLeave();
        var pgAfter = postgres?.Seconds() ?? 0;
        var fields = File.ReadAllLines(timeFile).Last().Split(' ');
        File.Delete(timeFile);
        double F(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new MeasuredRun(label, F(0), F(1) + F(2), F(3) / 1024, anon, file, pgAfter - pgBefore, process.ExitCode, output);
    }
}
