using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// Acceptance: `digest preview` on a database filled by polling real feed documents from the shared
/// corpus gives HTML that a browser shows with the explainer, cancer-type sections and the trials section.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DigestPreviewBrowserTests
{
    [BrowserFact]
    public async Task A_preview_built_from_real_feeds_renders_in_chromium_with_explainer_sections_and_trials()
    {
        var corpus = Path.Combine(SharedCorpus.Required, "feeds", "real");
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var file = Path.GetFullPath(Path.Combine(corpus, context.Request.Path.Value!.TrimStart('/')));
            if (!file.StartsWith(corpus, StringComparison.Ordinal) || !File.Exists(file))
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.ContentType = "application/xml";
            await context.Response.Body.WriteAsync(await File.ReadAllBytesAsync(file));
        });
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = scratch.ConnectionString,
            ["Fetching__AllowedPrivateHosts__0"] = server.Authority,
        };
        async Task<string> Run(params string[] args)
        {
            var (exit, stdout, stderr) = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(120), args);
            Assert.True(exit == 0, $"immunowatch {string.Join(' ', args)} exited {exit}: {stderr}");
            return stdout;
        }

        foreach (var (path, kind) in new[] { ("clinicaltrials/ctgov-rss-updated-last-5-days-2016-06-30.xml", "trials"), ("pubmed/pubmed-rss-search-2021-11-23.xml", "journal") }
            .Concat(Directory.EnumerateFiles(Path.Combine(corpus, "nci"), "*.xml").Select(f => ($"nci/{Path.GetFileName(f)}", "news"))))
        {
            await Run("feeds", "add", server.Url("/" + path).ToString(), "--kind", kind, "--name", Path.GetFileNameWithoutExtension(path));
        }

        await Run("feeds", "remove", "1"); // keep the offline defaults out of this poll: remove them all
        for (var id = 2; id <= 15; id++)
        {
            await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "feeds", "remove", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Contains("failed=0", await Run("poll", "--all"), StringComparison.Ordinal);
        await Run("subscribers", "add", "advocate@example.org", "--audience", "advocate");
        var html = Path.Combine(Path.GetTempPath(), $"iw-preview-{Guid.NewGuid():N}.html");
        try
        {
            await Run("digest", "preview", "--subscriber", "advocate@example.org", "--since", "2000-01-01", "--out", html);
            var dom = await Chromium.DumpDomAsync(new Uri(html).AbsoluteUri);

            Assert.Contains("Immunotherapy, in plain words", dom, StringComparison.Ordinal);
            Assert.Contains("not medical advice", dom, StringComparison.Ordinal);
            Assert.Contains(">Clinical trials</h2>", dom, StringComparison.Ordinal);
            var headings = System.Text.RegularExpressions.Regex.Matches(dom, "<h2[^>]*>([^<]+)</h2>").Select(m => m.Groups[1].Value).ToList();
            var tissues = ImmunoWatch.Tagging.OncoTree.Shipped.Nodes.Where(n => n.Level == 1).Select(n => n.Name).ToHashSet();
            Assert.Contains(headings, h => tissues.Contains(h)); // at least one cancer-type section
            Assert.Contains("href=\"https://clinicaltrials.gov/", dom, StringComparison.Ordinal);
            Assert.Contains("Unsubscribe</a>", dom, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(html);
        }
    }
}
