using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Benchmarks;

/// <summary>
/// Tagging throughput on one core: 1 KB items (title plus summary) made from real abstracts and
/// trial summaries (../shared/gold when present, else a built-in sample), tagged in a loop on one
/// thread. Prints items/s and MB/s; target: at least 50,000 items/s.
/// </summary>
internal static class TaggingThroughput
{
    public static int Run(string[] args)
    {
        var seconds = Option(args, "--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 5;
        var items = LoadItems(Option(args, "--gold"));
        var tagger = ItemTagger.Shipped;
        if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1; // one core
        }

        Thread.CurrentThread.Priority = ThreadPriority.Highest;

        // Warm up: JIT, tiering and the lexicon's first use are not part of the steady state.
        var warm = Stopwatch.StartNew();
        var sink = 0;
        while (warm.Elapsed < TimeSpan.FromSeconds(2))
        {
            foreach (var (title, text) in items)
            {
                sink += tagger.Tag(title, text).Sites.Count;
            }
        }

        var bytes = items.Sum(i => Encoding.UTF8.GetByteCount(i.Title) + Encoding.UTF8.GetByteCount(i.Text));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long tagged = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            foreach (var (title, text) in items)
            {
                sink += tagger.Tag(title, text).Sites.Count;
            }

            tagged += items.Count;
        }

        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var perSecond = tagged / clock.Elapsed.TotalSeconds;
        var averageBytes = (double)bytes / items.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tagging: {items.Count} distinct items of {averageBytes:0} bytes on average, {tagged} tagged in {clock.Elapsed.TotalSeconds:0.00} s on one core"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tagging: {perSecond:0} items/s, {perSecond * averageBytes / 1_000_000:0.0} MB/s, {allocated / (double)tagged:0} bytes allocated per item (target >= 50000 items/s){(sink < 0 ? "!" : "")}"));
        return 0;
    }

    private static List<(string Title, string Text)> LoadItems(string? goldPath)
    {
        goldPath ??= FindGold();
        var texts = new List<(string, string)>();
        if (goldPath is not null && File.Exists(goldPath))
        {
            foreach (var line in File.ReadLines(goldPath))
            {
                using var document = JsonDocument.Parse(line);
                var title = document.RootElement.GetProperty("title").GetString() ?? "";
                var text = document.RootElement.GetProperty("text").GetString() ?? "";
                texts.Add((title, text));
            }
        }
        else
        {
            texts.Add(("Pembrolizumab plus chemotherapy in metastatic non-small cell lung cancer", "In this phase 3 trial, patients with previously untreated metastatic NSCLC without EGFR or ALK alterations received pembrolizumab or placebo with platinum-based chemotherapy."));
            texts.Add(("Acute kidney injury after cardiac surgery", "We studied renal outcomes in adults undergoing cardiac surgery with cardiopulmonary bypass."));
        }

        // Make every item about 1 KB: long summaries are cut, short ones extended with text from the next record.
        var pool = string.Join(' ', texts.Select(t => t.Item2).Where(t => t.Length > 0));
        var items = new List<(string, string)>();
        var offset = 0;
        foreach (var (title, text) in texts)
        {
            var body = text.Length >= 900 ? text[..900] : text + " " + Take(pool, ref offset, 900 - text.Length);
            items.Add((title.Length > 124 ? title[..124] : title, body));
        }

        return items;
    }

    private static string Take(string pool, ref int offset, int length)
    {
        if (pool.Length == 0)
        {
            return "";
        }

        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            var chunk = Math.Min(length - builder.Length, pool.Length - offset);
            builder.Append(pool, offset, chunk);
            offset = (offset + chunk) % pool.Length;
        }

        return builder.ToString();
    }

    private static string? FindGold()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "gold", "dev.jsonl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
