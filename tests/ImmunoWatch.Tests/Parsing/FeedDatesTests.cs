using ImmunoWatch.Parsing;

namespace ImmunoWatch.Tests.Parsing;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Mon, 02 Nov 2026 10:00:00 +0000", "2026-11-02T10:00:00+00:00")]
    [InlineData("Mon, 02 Nov 2026 10:00:00 GMT", "2026-11-02T10:00:00+00:00")]
    [InlineData("Mon, 02 Nov 2026 10:00:00 EST", "2026-11-02T15:00:00+00:00")]
    [InlineData("Sun, 01 Jun 2025 10:00:00 EDT", "2025-06-01T14:00:00+00:00")]
    [InlineData("Tue, 03 Nov 2026 08:00:00 PST", "2026-11-03T16:00:00+00:00")]
    [InlineData("Tue, 03 Nov 2026 08:00:00 HST", "2026-11-03T18:00:00+00:00")]
    [InlineData("Tue, 03 Nov 2026 18:00:00 +0900", "2026-11-03T09:00:00+00:00")]
    [InlineData("3 Nov 2026 18:00 +09:00", "2026-11-03T09:00:00+00:00")]
    [InlineData("Wed, 03 Nov 2026 18:00:00 +0900", "2026-11-03T09:00:00+00:00")] // wrong day name: the date wins
    [InlineData("2018-09-18 14:38:10", "2018-09-18T14:38:10+00:00")]
    [InlineData("2026-11-02T10:00:00Z", "2026-11-02T10:00:00+00:00")]
    [InlineData("2026-11-02T10:00:00.123-05:00", "2026-11-02T15:00:00.123+00:00")]
    [InlineData("2026-11-02T10:00:00+0530", "2026-11-02T04:30:00+00:00")]
    [InlineData("2026-11-02", "2026-11-02T00:00:00+00:00")]
    [InlineData("2003-12", "2003-12-01T00:00:00+00:00")]
    public void Reads_the_dates_feeds_really_carry(string raw, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Mon, 02 Nov 2026 10:00:00 XYZQ")]
    public void Returns_null_rather_than_guessing(string? raw) => Assert.Null(FeedDates.Parse(raw));

    [Fact]
    public void Results_are_utc() => Assert.Equal(TimeSpan.Zero, FeedDates.Parse("Mon, 02 Nov 2026 10:00:00 EST")!.Value.Offset);
}
