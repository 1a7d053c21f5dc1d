using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// The ingest benchmark: a farm of N feeds on loopback nginx, polled by the published
/// <c>immunowatch poll --all</c> on a fresh database (cold), again (warm: every feed answers 304),
/// and after 10 % of the feeds changed; newsboat (reload-threads 8) polls the same farm in the same
/// run. Prints and writes a Markdown report of wall time, CPU (worker and PostgreSQL), peak RSS,
/// items/s and the rows stored. It measures; it never fails on speed.
/// </summary>
internal static partial class PollBenchmark
{
    private const int Hosts = 8;
    private static string _output = "";
    private static readonly StringBuilder Breakdown = new();
    private static readonly StringBuilder Settling = new();

    public static int Run(string[] args)
    {
        var repo = RepositoryRoot();
        var sizes = (Option(args, "--feeds") ?? "200,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var shared = Option(args, "--shared") ?? Environment.GetEnvironmentVariable("IMMUNOWATCH_SHARED_DIR") ?? Path.Combine(repo, "..", "shared");
        var corpus = Path.Combine(shared, "corpus", "feeds", "real");
        var worker = Option(args, "--worker") ?? Path.Combine(repo, "artifacts", "immunowatch", "immunowatch.dll");
        var before = Option(args, "--before");
        var output = Option(args, "--out") ?? Path.Combine(repo, "artifacts", "bench", "poll-report.md");
        _output = output;
        var newsboat = Option(args, "--newsboat") != "false" && File.Exists("/usr/bin/newsboat");
        var keep = args.Contains("--keep");
        var subscribers = int.Parse(Option(args, "--subscribers") ?? "10000", CultureInfo.InvariantCulture);
        if (before is not null && !File.Exists(before))
        {
            Console.Error.WriteLine($"error: {before} (--before) not found");
            return 2;
        }

        if (!File.Exists(worker))
        {
            Console.Error.WriteLine($"error: {worker} not found: run deploy/local/publish.sh first (bench/poll.sh does)");
            return 2;
        }

        if (!Directory.Exists(corpus))
        {
            Console.Error.WriteLine($"error: the shared corpus is not at {corpus} (set IMMUNOWATCH_SHARED_DIR)");
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("immunowatch-bench-").FullName;
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("error: the poll benchmark runs on Linux (nginx, /proc, GNU time)");
            return 2;
        }

        File.SetUnixFileMode(work, (UnixFileMode)0x1ED); // 0755: nginx's worker and postgres read below it
        var pgData = Path.Combine(work, "pg");
        var pgPort = NginxFarmServer.FreePort();
        var server = Shell(Path.Combine(repo, "deploy", "local", "postgres.sh"), "start", pgData, pgPort.ToString(CultureInfo.InvariantCulture)).Trim();
        var report = new StringBuilder();
        try
        {
            var postgres = PostgresCpu.FromDataDirectory(pgData);
            report.AppendLine("# Poll benchmark").AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, {MemoryGb():0} GiB, {Environment.OSVersion}, .NET {Environment.Version}; date {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.AppendLine(CultureInfo.InvariantCulture, $"- farm: deterministic feeds from the shared corpus (RSS 2.0, RSS 1.0, Atom; 20-100 items), nginx on {Hosts} loopback addresses with ETag, Last-Modified and gzip");
            var beforeBuild = before is null ? "" : $"; \"immunowatch before\" rows: {before} ({Build(before)})";
            report.AppendLine(CultureInfo.InvariantCulture, $"- worker: the published `immunowatch poll --all` ({Build(worker)}), a fresh database per size and worker, process start-up included{beforeBuild}; newsboat `-x reload` with `reload-threads 8` and a fresh cache").AppendLine();
            report.AppendLine("| feeds | run | tool | wall s | CPU s | PostgreSQL CPU s | peak RSS MB | peak anon / file MB | items new | items/s | result |");
            report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            var rows = new StringBuilder();
            // With --before, an older build polls the same farm at the same moments: before and after in one run.
            List<(string Tool, string Worker)> workers = before is null ? [("immunowatch", worker)] : [("immunowatch", worker), ("immunowatch before", before)];
            var databases = sizes.Select(size => RunSize(size, work, corpus, workers, server, postgres, newsboat, report, rows)).ToList();
            if (Breakdown.Length > 0)
            {
                report.AppendLine().AppendLine("Where the worker's time went (`poll --stats`): each stage's time summed over the sources (polls overlap, so the sums exceed the wall time; store counts from getting a store slot to the commit, waits for identifier locks included), then what the runtime spent: methods compiled at run time and the time compiling them, garbage-collection pauses and counts, bytes allocated.").AppendLine();
                report.AppendLine("| feeds | run | fetch s | parse s | process s | store-slot wait s | store s | JIT methods | JIT s | GC pause s | GCs gen0/1/2 | allocated MB |");
                report.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
                report.Append(Breakdown);
            }

            report.AppendLine().AppendLine("Between runs the server was brought to rest (`VACUUM (ANALYZE)` of the database the run wrote, then `CHECKPOINT`; not in any run's figures), so that one run's maintenance is not counted in the next:").AppendLine();
            report.AppendLine("| feeds | after run | tool | wall s | PostgreSQL CPU s |");
            report.AppendLine("|---|---|---|---|---|");
            report.Append(Settling);
            report.AppendLine().AppendLine("Rows afterwards:").AppendLine().Append(rows);
            if (subscribers > 0)
            {
                Console.Error.WriteLine($"composing {subscribers} digests");
                var line = DigestComposition.Run(databases[0], subscribers);
                report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Digest composition on the {sizes[0]}-feed database: {line}");
            }
        }
        finally
        {
            if (keep)
            {
                // For profiling by hand: the farms, their OPML, nginx.conf and the PostgreSQL (still running) stay.
                Console.Error.WriteLine($"kept {work} (PostgreSQL {server}; stop it with deploy/local/postgres.sh stop {pgData})");
            }
            else
            {
                Shell(Path.Combine(repo, "deploy", "local", "postgres.sh"), "stop", pgData);
                Directory.Delete(work, recursive: true);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine(report);
        Console.WriteLine($"report written to {output}");
        return 0;
    }

    /// <returns>The connection string of the size's database (the measured worker's), as the polls left it.</returns>
    private static string RunSize(int size, string work, string corpus, IReadOnlyList<(string Tool, string Worker)> workers, string server, PostgresCpu postgres, bool newsboat, StringBuilder report, StringBuilder rows)
    {
        var root = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"farm-{size}"));
        var farm = FeedFarm.Create(root, size, Hosts, corpus);
        var port = NginxFarmServer.FreePort();
        using var nginx = NginxFarmServer.Start(Path.Combine(root, "nginx"), farm.FeedsDirectory, Hosts, port);
        var opml = Path.Combine(root, "farm.opml");
        farm.WriteOpml(opml, port);
        var urls = Path.Combine(root, "urls");
        farm.WriteUrlList(urls, port);

        // Each worker polls the same farm into a database of its own, at the same moments as newsboat.
        var subjects = workers.Select((w, i) => Prepare(size, i, w.Tool, w.Worker, server, port, opml, root)).ToList();
        Console.Error.WriteLine($"{size} feeds, {farm.Items} items: polling");
        void Moment(string label)
        {
            foreach (var subject in subjects)
            {
                Row(report, size, label, subject.Tool, MeasuredRun.Run(label, "dotnet", subject.Poll, subject.Environment, postgres, root));
                var (serverCpu, wall) = ServerSettling.Run(subject.ConnectionString, postgres);
                Settling.AppendLine(CultureInfo.InvariantCulture, $"| {size} | {label} | {subject.Tool} | {wall:0.00} | {serverCpu:0.00} |");
            }

            if (newsboat)
            {
                Row(report, size, label, "newsboat", NewsboatRun(label, root, urls));
            }
        }

        Moment("cold");
        Moment("warm");
        var changed = farm.ChangeTenPercent(generation: 1);
        Moment($"{changed} changed");

        foreach (var subject in subjects)
        {
            using var connection = new NpgsqlConnection(ServerSettling.Unpooled(subject.ConnectionString));
            connection.Open();
            var who = subjects.Count > 1 ? $" ({subject.Tool})" : "";
            rows.AppendLine(CultureInfo.InvariantCulture, $"- {size} feeds{who} ({farm.Items} items written first): {Count(connection, "items")} items, {Count(connection, TaggedItems(connection))} tagged, {Count(connection, "studies")} studies, {Count(connection, "study_identifiers")} identifiers, {Count(connection, "source_fetch_state WHERE consecutive_errors > 0")} sources failing");
        }

        return subjects[0].ConnectionString;
    }

    /// <summary>A fresh database for one worker: migrated, the farm's sources imported, the seeded public ones removed.</summary>
    private static Subject Prepare(int size, int index, string tool, string worker, string server, int port, string opml, string root)
    {
        var database = string.Create(CultureInfo.InvariantCulture, $"bench_{size}{(index == 0 ? "" : $"_{index}")}");
        using (var admin = new NpgsqlConnection(ServerSettling.Unpooled(server)))
        {
            admin.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database}", admin);
            drop.ExecuteNonQuery();
            using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            create.ExecuteNonQuery();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_ENVIRONMENT"] = "Development",
        };
        for (var host = 0; host < Hosts; host++)
        {
            environment[string.Create(CultureInfo.InvariantCulture, $"Fetching__AllowedPrivateHosts__{host}")] = string.Create(CultureInfo.InvariantCulture, $"{FeedFarm.HostAddress(host)}:{port}");
        }

        Check(MeasuredRun.Run("migrate", "dotnet", [worker, "migrate"], environment, null, root));
        Check(MeasuredRun.Run("import", "dotnet", [worker, "feeds", "import", opml], environment, null, root));
        using (var seeded = new NpgsqlConnection(ServerSettling.Unpooled(connectionString)))
        {
            // The migrations seed the real default sources; offline they would only add 15 failures.
            seeded.Open();
            using var remove = new NpgsqlCommand("DELETE FROM sources WHERE url NOT LIKE 'http://127.0.0.%'", seeded);
            remove.ExecuteNonQuery();
        }

        // `poll --stats` (a worker older than it is run without).
        var stats = MeasuredRun.Run("help", "dotnet", [worker, "poll", "--help"], environment, null, root).Output.Contains("--stats", StringComparison.Ordinal);
        return new Subject(tool, connectionString, environment, stats ? [worker, "poll", "--all", "--stats"] : [worker, "poll", "--all"]);
    }

    /// <summary>How a worker was published: deploy/local/publish.sh leaves one composite image beside the assemblies; older builds have none.</summary>
    private static string Build(string worker) =>
        File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(worker))!, "immunowatch.r2r.dll")) ? "self-contained, composite ReadyToRun" : "framework-dependent, ReadyToRun";

    private sealed record Subject(string Tool, string ConnectionString, IReadOnlyDictionary<string, string> Environment, string[] Poll);

    private static MeasuredRun NewsboatRun(string label, string root, string urls)
    {
        var home = Path.Combine(root, "newsboat");
        Directory.CreateDirectory(home);
        var config = Path.Combine(home, "config");
        File.WriteAllText(config, "reload-threads 8\nshow-read-feeds yes\n");
        return MeasuredRun.Run(label, "/usr/bin/newsboat", ["-x", "reload", "-u", urls, "-c", Path.Combine(home, "cache.db"), "-C", config], new Dictionary<string, string> { ["HOME"] = home }, null, root);
    }

    private static void Row(StringBuilder report, int size, string label, string tool, MeasuredRun run)
    {
        // Each run's own output is kept beside the report, for the failures and warnings behind a figure.
        var logs = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(_output))!, "logs");
        Directory.CreateDirectory(logs);
        File.WriteAllText(Path.Combine(logs, string.Create(CultureInfo.InvariantCulture, $"{size}-{label.Replace(' ', '-')}-{tool.Replace(' ', '-')}.log")), run.Output);
        var summary = SummaryLine().Match(run.Output);
        var itemsNew = summary.Success ? summary.Groups["new"].Value : "";
        var itemsPerSecond = summary.Success && run.WallSeconds > 0 ? (int.Parse(itemsNew, CultureInfo.InvariantCulture) / run.WallSeconds).ToString("0", CultureInfo.InvariantCulture) : "";
        var result = run.ExitCode != 0 ? $"exit {run.ExitCode}" : summary.Success ? $"ok={summary.Groups["ok"].Value} 304={summary.Groups["nm"].Value} failed={summary.Groups["failed"].Value}" : "ok";
        var pg = tool.StartsWith("immunowatch", StringComparison.Ordinal) ? run.PostgresCpuSeconds.ToString("0.00", CultureInfo.InvariantCulture) : "-";
        var line = string.Create(CultureInfo.InvariantCulture, $"| {size} | {label} | {tool} | {run.WallSeconds:0.00} | {run.CpuSeconds:0.00} | {pg} | {run.PeakRssMb:0} | {run.PeakAnonMb:0} / {run.PeakFileMb:0} | {itemsNew} | {itemsPerSecond} | {result} |");
        report.AppendLine(line);
        Console.Error.WriteLine(line);
        if (StagesLine().Match(run.Output) is { Success: true } stages && RuntimeLine().Match(run.Output) is { Success: true } runtime)
        {
            string G(Match m, string name) => m.Groups[name].Value;
            Breakdown.AppendLine(CultureInfo.InvariantCulture, $"| {size} | {label}{(tool == "immunowatch" ? "" : $" ({tool})")} | {G(stages, "fetch")} | {G(stages, "parse")} | {G(stages, "process")} | {G(stages, "wait")} | {G(stages, "store")} | {G(runtime, "methods")} | {G(runtime, "jit")} | {G(runtime, "pause")} | {G(runtime, "counts")} | {G(runtime, "allocated")} |");
        }
        if (run.ExitCode != 0)
        {
            Console.Error.WriteLine(run.Output);
        }
    }

    private static void Check(MeasuredRun run)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{run.Label} failed ({run.ExitCode}): {run.Output}");
        }
    }

    /// <summary>Tags live on the item row since migration 0019; a build from before it (--before) keeps them in item_tags.</summary>
    private static string TaggedItems(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass('item_tags') IS NOT NULL", connection);
        return (bool)command.ExecuteScalar()! ? "item_tags" : "items WHERE tagger_version IS NOT NULL";
    }

    private static long Count(NpgsqlConnection connection, string from)
    {
        using var command = new NpgsqlCommand("SELECT count(*) FROM " + from, connection);
        return (long)command.ExecuteScalar()!;
    }

    private static string Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true };
        // The benchmark's PostgreSQL is throwaway: fsync off, as in the earlier reports.
        start.Environment["IMMUNOWATCH_PG_FSYNC"] = "off";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed");
    }

    private static double MemoryGb() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImmunoWatch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    [GeneratedRegex(@"stages: fetch_s=(?<fetch>[0-9.]+) parse_s=(?<parse>[0-9.]+) process_s=(?<process>[0-9.]+) store_wait_s=(?<wait>[0-9.]+) store_s=(?<store>[0-9.]+)")]
    private static partial Regex StagesLine();

    [GeneratedRegex(@"runtime: jit_methods=(?<methods>\d+) jit_s=(?<jit>[0-9.]+) gc_pause_s=(?<pause>[0-9.]+) gc_counts=(?<counts>[0-9/]+) allocated_mb=(?<allocated>\d+)")]
    private static partial Regex RuntimeLine();

    [GeneratedRegex(@"polled=(?<polled>\d+) ok=(?<ok>\d+) not_modified=(?<nm>\d+) failed=(?<failed>\d+) items_new=(?<new>\d+)")]
    private static partial Regex SummaryLine();
}
