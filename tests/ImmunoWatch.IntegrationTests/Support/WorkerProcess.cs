using System.Collections.Concurrent;
using System.Diagnostics;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>The real <c>immunowatch</c> executable, started as a child process with the test's environment.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public ConcurrentQueue<string> Output { get; } = new();

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The published executable (IMMUNOWATCH_WORKER_DLL, set by deploy/local/test.sh), else the build output.</summary>
    public static string WorkerDll
    {
        get
        {
            var published = Environment.GetEnvironmentVariable("IMMUNOWATCH_WORKER_DLL");
            if (!string.IsNullOrEmpty(published) && File.Exists(published))
            {
                return published;
            }

            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var dll = Path.Combine(RepositoryRoot.Path, "src", "ImmunoWatch.Worker", "bin", configuration, "net10.0", "immunowatch.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build the worker first", dll);
        }
    }

    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(WorkerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Configure(start, environment);

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { worker.Output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { worker.Output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// The test's environment over settings a production start-up accepts (the process runs in the
    /// Production environment unless the test says otherwise): a real token secret, a public base
    /// URL and a sender outside the placeholder domains.
    /// </summary>
    private static void Configure(ProcessStartInfo start, IReadOnlyDictionary<string, string> environment)
    {
        start.Environment["Digests__TokenSecret"] = "process-test-secret-process-test-secret-0123";
        start.Environment["Digests__PublicBaseUrl"] = "https://immunowatch.example";
        start.Environment["Smtp__FromAddress"] = "digests@immunowatch.example";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
    }

    /// <summary>Runs a command to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args) =>
        RunWithInputAsync(environment, timeout, null, args);

    /// <summary>Runs a command to completion with <paramref name="input"/> on its standard input (closed after it), and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false };
        start.ArgumentList.Add(WorkerDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Configure(start, environment);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"immunowatch {string.Join(' ', args)} did not finish within {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Sends SIGTERM, as a container runtime or systemd stops a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
    }

    /// <summary>True when the process exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
