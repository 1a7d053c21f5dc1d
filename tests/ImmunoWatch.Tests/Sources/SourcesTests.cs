using System.Text;
using ImmunoWatch.Sources;

namespace ImmunoWatch.Tests.Sources;

public sealed class SourcesTests
{
    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    [InlineData("90s", 90)]
    [InlineData("01:30:00", 5400)]
    public void Intervals_read_as_admins_type_them(string text, int seconds)
    {
        Assert.True(IntervalText.TryParse(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Fact]
    public void Auto_means_adaptive_and_garbage_is_refused()
    {
        Assert.True(IntervalText.TryParse("auto", out var auto));
        Assert.Null(auto);
        Assert.False(IntervalText.TryParse("often", out _));
        Assert.Equal("2h", IntervalText.Format(TimeSpan.FromHours(2)));
        Assert.Equal("auto", IntervalText.Format(null));
    }

    [Fact]
    public void Opml_round_trips_our_settings_and_reads_other_readers_files()
    {
        var sources = new[]
        {
            new Source { Url = "https://www.cancer.gov/news.rss", Name = "NCI & friends", Kind = "news", RelevanceMode = "immunotherapy-only", PollInterval = TimeSpan.FromHours(2) },
            new Source { Url = "https://clinicaltrials.gov/api/rss?cond=cancer&term=immunotherapy", Name = "Trials", Kind = "trials", Enabled = false, DisabledReason = "licence check" },
        };
        using var stream = new MemoryStream();
        OpmlDocument.Write(stream, sources, DateTimeOffset.UnixEpoch);
        stream.Position = 0;
        var outlines = OpmlDocument.Read(stream);

        Assert.Equal(2, outlines.Count);
        Assert.Equal(new OpmlDocument.Outline("https://www.cancer.gov/news.rss", "NCI & friends", "news", "immunotherapy-only", "2h", Enabled: true), outlines.Single(o => o.Kind == "news"));
        var paused = outlines.Single(o => o.Kind == "trials");
        Assert.Equal("https://clinicaltrials.gov/api/rss?cond=cancer&term=immunotherapy", paused.Url);
        Assert.Equal((false, "licence check"), (paused.Enabled, paused.DisabledReason));

        var foreign = """<?xml version="1.0"?><opml version="1.0"><body><outline text="Tech"><outline text="A blog" xmlUrl="https://blog.example/feed"/></outline><outline text="no feed"/></body></opml>""";
        var read = OpmlDocument.Read(new MemoryStream(Encoding.UTF8.GetBytes(foreign)));
        Assert.Equal(new OpmlDocument.Outline("https://blog.example/feed", "A blog", null, null, null), read.Single());
    }

    [Fact]
    public void A_file_that_is_not_opml_is_refused() =>
        Assert.Throws<FormatException>(() => OpmlDocument.Read(new MemoryStream("<rss/>"u8.ToArray())));
}
