using System.Diagnostics;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>Headless Chromium (Debian's package), for checking pages as a browser renders them.</summary>
internal static class Chromium
{
    public static string? Path => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>The DOM after Chromium loaded and rendered <paramref name="url"/>.</summary>
    public static async Task<string> DumpDomAsync(string url)
    {
        var profile = Directory.CreateTempSubdirectory("iw-chromium-");
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("Chromium is not installed (apt-get install chromium)"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.FullName}", "--dump-dom", url })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}

/// <summary>A fact that needs Chromium and the shared corpus: skipped locally without them, failing on CI without Chromium.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (SharedCorpus.Path is null)
        {
            Skip = "../shared/corpus is not present beside this checkout";
        }
        else if (!PostgresServer.IsCi && (Chromium.Path is null || !PostgresServer.IsConfigured))
        {
            Skip = "needs Chromium (apt-get install chromium) and PostgreSQL; deploy/local/test.sh installs and starts them";
        }
    }
}
