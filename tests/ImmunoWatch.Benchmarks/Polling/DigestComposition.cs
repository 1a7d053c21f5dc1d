using System.Diagnostics;
using System.Globalization;
using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Tagging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// Composes and renders one digest for each of N synthetic subscribers (sending excluded) against a
/// database the poll benchmark has just filled: each subscriber follows one to three tissues, half
/// are advocates, most want trials. The work runs as the delivery job runs it: the period's material
/// read once, then each subscriber composed from it and rendered, two at a time (the machine's cores).
/// Target: 10,000 subscribers in 10 s or less, the read included.
/// </summary>
internal static class DigestComposition
{
    /// <summary><c>digests CONNECTION_STRING [--subscribers N]</c>: against a database a poll benchmark kept (<c>--keep</c>).</summary>
    public static int RunCommand(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: ImmunoWatch.Benchmarks digests CONNECTION_STRING [--subscribers N]");
            return 2;
        }

        var index = Array.IndexOf(args, "--subscribers");
        Console.WriteLine(Run(args[0], index > 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 10_000));
        return 0;
    }

    public static string Run(string connectionString, int subscribers)
    {
        DapperConfiguration.Apply();
        using var dataSource = NpgsqlDataSource.Create(connectionString);
        var options = Options.Create(new DigestOptions { TokenSecret = "benchmark-secret-benchmark-secret-0123456789" });
        var explainers = new ExplainerStore(dataSource);
        var composer = new DigestComposer(dataSource, explainers, options);
        var renderer = new DigestRenderer(options, new SubscriberTokens(options));
        var sites = OncoTree.Shipped.Nodes.Select(n => n.Site).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(42);
        var readers = Enumerable.Range(1, subscribers).Select(id => new Subscriber
        {
            Id = id,
            Email = string.Create(CultureInfo.InvariantCulture, $"reader{id}@example.org"),
            Audience = id % 2 == 0 ? Audiences.Advocate : Audiences.Clinician,
            Followed = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => sites[random.Next(sites.Length)]).Distinct(StringComparer.Ordinal).ToList(),
            WantsTrials = id % 5 != 0,
        }).ToList();
        // The farm's items were published from 2026-11-01 on and first seen just now.
        var period = new DigestPeriod("benchmark", new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.UtcNow.AddMinutes(1));

        long entries = 0, bytes = 0, empty = 0, composeTicks = 0, renderTicks = 0;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var material = composer.LoadAsync(period.Start, period.End, CancellationToken.None).GetAwaiter().GetResult();
        var loaded = clock.Elapsed;
        Parallel.ForEach(readers, new ParallelOptions { MaxDegreeOfParallelism = 2 }, reader =>
        {
            var started = Stopwatch.GetTimestamp();
            var digest = composer.Compose(reader, period, material);
            var composed = Stopwatch.GetTimestamp();
            var rendered = renderer.Render(digest, reader.Id);
            Interlocked.Add(ref composeTicks, composed - started);
            Interlocked.Add(ref renderTicks, Stopwatch.GetTimestamp() - composed);
            var count = digest.EntryCount;
            Interlocked.Add(ref entries, count);
            Interlocked.Add(ref bytes, rendered.Html.Length + rendered.Text.Length);
            if (count == 0)
            {
                Interlocked.Increment(ref empty);
            }
        });
        clock.Stop();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"{subscribers} digests composed and rendered in {clock.Elapsed.TotalSeconds:0.00} s ({subscribers / clock.Elapsed.TotalSeconds:0} per s, {cpuSeconds:0.0} s CPU in this process; target <= 10 s; reading the material of {material.Count} items {loaded.TotalSeconds:0.00} s): {entries / (double)subscribers:0.0} entries and {bytes / (double)subscribers / 1024:0} KB (HTML + text) per digest, {empty} empty; composing {TimeSpan.FromTicks(composeTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:0.0} s and rendering {TimeSpan.FromTicks(renderTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalSeconds:0.0} s summed over both threads");
    }
}
