using System.Diagnostics;
using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// The database server itself stops hard (<c>pg_ctl stop -m immediate</c>, as a crash or a power cut
/// would) while a worker is in the middle of a poll, and comes back: the worker keeps running, the
/// source is polled again once the database returns, and every item is stored exactly once. The test
/// runs its own PostgreSQL (deploy/local/postgres.sh), since it stops it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DatabaseRestartTests
{
    private const int ItemCount = 25;

    [PostgresFact]
    public async Task A_worker_survives_the_database_stopping_mid_poll_and_stores_everything_once_after_it_returns()
    {
        var work = Directory.CreateTempSubdirectory("immunowatch-pg-restart-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(work, (UnixFileMode)0x1ED); // 0755: the server runs as postgres when the tests run as root
        }

        var data = Path.Combine(work, "pg");
        var port = WorkerHttp.FreePort();
        var script = Path.Combine(RepositoryRoot.Path, "deploy", "local", "postgres.sh");
        var connectionString = Run(script, "start", data, port.ToString(CultureInfo.InvariantCulture)).Trim();
        try
        {
            var firstRequest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var requests = 0;
            var databaseDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var feed = await LoopbackServer.StartAsync(async context =>
            {
                if (Interlocked.Increment(ref requests) == 1)
                {
                    // The first poll's response arrives only once the database is gone: its store fails.
                    firstRequest.TrySetResult();
                    await databaseDown.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                await context.Response.WriteAsync(Feed());
            });
            var env = new Dictionary<string, string>
            {
                ["ConnectionStrings__ImmunoWatch"] = connectionString,
                ["Urls"] = $"http://127.0.0.1:{WorkerHttp.FreePort()}",
                ["Fetching__AllowedPrivateHosts__0"] = feed.Authority,
                ["Fetching__ConnectTimeout"] = "00:00:02",
                ["Fetching__TotalTimeout"] = "00:01:30",
                ["Polling__TickInterval"] = "00:00:01",
                ["Polling__MinInterval"] = "00:00:01",
                ["Polling__Lease"] = "00:00:10",
                ["Polling__MaxBackoff"] = "00:00:05",
                ["Scheduler__IdleWaitTime"] = "00:00:01",
            };
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "migrate")).ExitCode);
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "feeds", "add", feed.Url("/slow.rss").ToString(), "--interval", "1h")).ExitCode);
            using var worker = WorkerProcess.Start(env, "run");

            await firstRequest.Task.WaitAsync(TimeSpan.FromSeconds(60));
            PgCtl(data, "stop", "-m", "immediate");
            databaseDown.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(3)); // the worker meets the dead database
            Run(script, "start", data, port.ToString(CultureInfo.InvariantCulture));

            long stored = 0;
            for (var deadline = DateTime.UtcNow.AddSeconds(90); DateTime.UtcNow < deadline && stored < ItemCount; await Task.Delay(1000))
            {
                Assert.False(worker.HasExited, "the worker exited: " + string.Join('\n', worker.Output));
                stored = await ScalarAsync(connectionString, "SELECT count(*) FROM items");
            }

            Assert.Equal(ItemCount, stored);
            Assert.Equal(ItemCount, await ScalarAsync(connectionString, "SELECT count(DISTINCT guid) FROM items"));
            Assert.True(Volatile.Read(ref requests) >= 2, "the source was polled again after the database returned");
            Assert.False(worker.HasExited);
        }
        finally
        {
            Run(script, "stop", data);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return -1; // still starting
        }
    }

    private static void PgCtl(string data, params string[] arguments)
    {
        var bin = Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).Where(File.Exists).Order(StringComparer.Ordinal).Last();
        var asRoot = Environment.UserName == "root";
        Run(asRoot ? "runuser" : bin, [.. (asRoot ? new[] { "-u", "postgres", "--", bin } : []), "-D", data, .. arguments]);
    }

    private static string Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error}");
    }
    private static string Feed()
    {
        var items = Enumerable.Range(0, ItemCount).Select(k => string.Create(CultureInfo.InvariantCulture,
            $"<item><guid>restart-{k}</guid><title>Checkpoint inhibitor study {k}</title><link>https://example.org/restart/{k}</link><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate></item>"));
        return $"<rss version=\"2.0\"><channel><title>Restart</title>{string.Concat(items)}</channel></rss>";
    }
}
