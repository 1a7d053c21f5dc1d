using System.Diagnostics;
using System.Globalization;
using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using ImmunoWatch.Tagging;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Benchmarks;

/// <summary>
/// The CPU stages of a poll without network or database: decode, parse (XML preparation,
/// FeedReader, item reading with sanitising) and process (key hashing, tagging), on one core, for
/// every feed file under a directory (a poll farm, or the shared corpus). Prints time per stage.
/// </summary>
internal static class ParseThroughput
{
    public static int Run(string[] args)
    {
        var directory = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (directory is null || !Directory.Exists(directory))
        {
            Console.Error.WriteLine("usage: ImmunoWatch.Benchmarks parse DIRECTORY [--rounds N]");
            return 2;
        }

        var rounds = Array.IndexOf(args, "--rounds") is var r and >= 0 && r + 1 < args.Length ? int.Parse(args[r + 1], CultureInfo.InvariantCulture) : 3;
        var files = Directory.EnumerateFiles(directory, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        var parser = new FeedDocumentParser(Options.Create(new ParsingOptions()));
        var processor = new ItemProcessor(ItemTagger.Shipped);
        var baseUri = new Uri("https://example.org/");
        for (var round = 0; round <= rounds; round++)
        {
            // Round 0 warms up (JIT, tiering, lexicon); the others are measured.
            TimeSpan decode = TimeSpan.Zero, parse = TimeSpan.Zero, process = TimeSpan.Zero;
            long items = 0;
            foreach (var bytes in files)
            {
                var t0 = Stopwatch.GetTimestamp();
                long t1;
                ParsedFeed feed;
                try
                {
                    var text = FeedDecoder.Decode(bytes, null);
                    t1 = Stopwatch.GetTimestamp();
                    feed = parser.Parse(text, baseUri);
                }
                catch (FeedParseException)
                {
                    continue; // not a feed: the corpus keeps a few on purpose
                }

                var t2 = Stopwatch.GetTimestamp();
                items += processor.Process(feed.Items).Count;
                var t3 = Stopwatch.GetTimestamp();
                decode += Stopwatch.GetElapsedTime(t0, t1);
                parse += Stopwatch.GetElapsedTime(t1, t2);
                process += Stopwatch.GetElapsedTime(t2, t3);
            }

            if (round > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}: {files.Count} documents, {items} items: decode {decode.TotalMilliseconds:0} ms, parse {parse.TotalMilliseconds:0} ms, process {process.TotalMilliseconds:0} ms; {items / (decode + parse + process).TotalSeconds:0} items/s on one thread"));
            }
        }

        return 0;
    }
}
