using System.Text.RegularExpressions;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>
/// feedparser's sanitize corpus (script, iframe, object, embed, applet, meta, event handlers in
/// titles, summaries and content; escaped, CDATA and base64 Atom content) through the production
/// parser: the stored HTML keeps none of it (T22).
/// </summary>
public sealed partial class SanitizeCorpusTests
{
    [CorpusFact]
    public void No_active_content_survives_in_stored_html()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryPaths.SharedCorpus!, "feedparser-tests", "wellformed", "sanitize"), "*.xml");
        Assert.True(files.Length > 700, $"expected the sanitize corpus, found {files.Length}");
        var problems = new List<string>();
        var checkedItems = 0;
        foreach (var file in files)
        {
            ParsedFeed feed;
            try
            {
                feed = TestParsing.ParseBytes(File.ReadAllBytes(file));
            }
            catch (FeedParseException)
            {
                continue;
            }

            foreach (var item in feed.Items)
            {
                checkedItems++;
                if (Banned().Match(item.SummaryHtml) is { Success: true } match)
                {
                    problems.Add($"{Path.GetFileName(file)}: {match.Value}");
                }

                if (item.Link is { } link && !link.StartsWith("http", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetFileName(file)}: link {link}");
                }
            }
        }

        Assert.True(checkedItems > 500, $"only {checkedItems} items were checked");
        Assert.Empty(problems);
    }

    [GeneratedRegex(@"<\s*(script|iframe|object|embed|applet|svg|math|meta|base|style|link|form|input|button)\b|\son\w+\s*=|(javascript|vbscript|data)\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex Banned();
}
