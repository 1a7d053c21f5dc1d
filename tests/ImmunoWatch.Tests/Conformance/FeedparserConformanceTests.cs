using System.Diagnostics;
using System.Text.Json;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;
using Xunit.Abstractions;

namespace ImmunoWatch.Tests.Conformance;

/// <summary>
/// Entry counts and titles compared with Python feedparser 6 (Debian's python3-feedparser) on the
/// real feeds and feedparser's well-formed corpus. Prints the agreement rate and every disagreement.
/// </summary>
public sealed class FeedparserConformanceTests(ITestOutputHelper output)
{
    private const double RequiredAgreement = 0.99;
    private const int AllowedRealFeedMisses = 2;

    [CorpusFact]
    public void Agrees_with_feedparser_on_real_and_wellformed_documents()
    {
        var corpus = RepositoryPaths.SharedCorpus!;
        var files = Directory.EnumerateFiles(Path.Combine(corpus, "feeds", "real"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(corpus, "feedparser-tests", "wellformed"), "*.xml", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}sanitize{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var reference = FeedparserReference.Describe(files);
        var agree = 0;
        var realMisses = 0;
        foreach (var file in files)
        {
            var expected = reference[file];
            var actual = Ours(file);
            var same = actual.Count == expected.Count && actual.SequenceEqual(expected, StringComparer.Ordinal);
            if (same)
            {
                agree++;
                continue;
            }

            var isReal = file.Contains($"{Path.DirectorySeparatorChar}real{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            realMisses += isReal ? 1 : 0;
            output.WriteLine($"DISAGREE {Path.GetRelativePath(corpus, file)}: feedparser {expected.Count} entries, ours {actual.Count}; first difference: {FirstDifference(expected, actual)}");
        }

        var rate = (double)agree / files.Count;
        output.WriteLine($"conformance: {agree}/{files.Count} documents agree ({rate:P2}); real feeds disagreeing: {realMisses}");
        Assert.True(files.Count > 1000, $"expected the full corpus, found {files.Count} files");
        Assert.True(rate >= RequiredAgreement, $"agreement {rate:P2} is below {RequiredAgreement:P0}");
        Assert.True(realMisses <= AllowedRealFeedMisses, $"{realMisses} real feeds disagree (at most {AllowedRealFeedMisses} allowed)");
    }

    private static List<string> Ours(string file)
    {
        try
        {
            var feed = TestParsing.ParseBytes(File.ReadAllBytes(file));
            return feed.Items.Select(i => Normalise(i.Title)).ToList();
        }
        catch (FeedParseException)
        {
            return [];
        }
    }

    /// <summary>Our titles are already plain text (tags stripped, entities decoded once): only whitespace is collapsed.</summary>
    private static string Normalise(string title) => HtmlContent.CollapseWhitespace(title);

    private static string FirstDifference(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        for (var i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            var e = i < expected.Count ? expected[i] : "<none>";
            var a = i < actual.Count ? actual[i] : "<none>";
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"#{i} expected \"{Trim(e)}\" got \"{Trim(a)}\"";
            }
        }

        return "none";
    }

    private static string Trim(string s) => s.Length > 80 ? s[..80] + "..." : s;
}

/// <summary>Runs tests/conformance/feedparser_reference.py over a list of files.</summary>
internal static class FeedparserReference
{
    public static Dictionary<string, List<string>> Describe(IReadOnlyList<string> files)
    {
        var script = Path.Combine(RepositoryPaths.Root, "tests", "conformance", "feedparser_reference.py");
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var start = new ProcessStartInfo(python, [script, "--stdin"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            foreach (var file in files)
            {
                process.StandardInput.WriteLine(file);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the script stopped early (feedparser missing, say): its exit code and stderr say why
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"feedparser reference failed (is python3-feedparser installed?): {stderr.Result}");
        }

        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var titles = doc.RootElement.GetProperty("titles").EnumerateArray().Select(t => t.GetString() ?? "").ToList();
            result[doc.RootElement.GetProperty("file").GetString()!] = titles;
        }

        return result;
    }
}
