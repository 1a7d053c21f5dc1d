using System.Text.RegularExpressions;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>A capped digest says the same count in its subject and its body, and how many it shows.</summary>
public sealed partial class DigestCapTests
{
    [PostgresFact]
    public async Task Subject_and_body_agree_on_the_count_when_the_digest_is_capped()
    {
        await using var db = await Database.CreateAsync(new Dictionary<string, string?> { ["Digests:MaxEntries"] = "2", ["Digests:TokenSecret"] = "test-secret-test-secret-test-secret-0123" });
        var claimed = await Ingest.AddAndClaimAsync(db, "https://journal.example/rss");
        var published = DateTimeOffset.UtcNow.AddHours(-1).ToString("r");
        var items = string.Concat(Enumerable.Range(1, 5).Select(i =>
            $"<item><guid>m{i}</guid><title>Checkpoint inhibitor study {i} in melanoma</title><link>https://journal.example/{i}</link><pubDate>{published}</pubDate><description>Pembrolizumab immunotherapy for melanoma, cohort {i}.</description></item>"));
        await db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Ingest.Poll(Ingest.Parse($"<rss version=\"2.0\"><channel><title>J</title>{items}</channel></rss>")), CancellationToken.None);
        var now = DateTimeOffset.UtcNow.AddMinutes(1);
        var digest = await db.Get<DigestComposer>().ComposeAsync(new Subscriber { Id = 1, Email = "r@clinic.example", Followed = ["MEL"] }, new DigestPeriod("2026-W49", now.AddDays(-7), now), CancellationToken.None);

        var rendered = db.Get<DigestRenderer>().Render(digest, webVersionId: null);

        Assert.Equal(2, digest.EntryCount);
        Assert.Equal(3, digest.MoreCount);
        Assert.Equal("5", SubjectCount().Match(rendered.Subject).Groups[1].Value);
        Assert.Contains("5 new items (2 shown here, the rest on the web version)", rendered.Text, StringComparison.Ordinal);
        Assert.Contains("5 new items (2 shown here, the rest on the web version)", rendered.Html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@": (\d+) new in cancer immunotherapy")]
    private static partial Regex SubjectCount();
}
