using ImmunoWatch.Fetching;

namespace ImmunoWatch.Tests.Fetching;

public sealed class HeaderAndRedirectPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("120", 120)]
    [InlineData("0", 0)]
    [InlineData("999999999", 86_400)]
    [InlineData("Fri, 27 Nov 2026 12:10:00 GMT", 600)]
    [InlineData("Fri, 27 Nov 2026 11:00:00 GMT", 0)]
    [InlineData("Sat, 27 Nov 2027 12:00:00 GMT", 86_400)]
    public void Retry_after_is_read_and_capped(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ResponseHeaders.ParseRetryAfter(value, Now, TimeSpan.FromDays(1)));

    [Theory]
    [InlineData("banana")]
    [InlineData("-5")]
    [InlineData("")]
    [InlineData(null)]
    public void Unreadable_retry_after_means_none(string? value) => Assert.Null(ResponseHeaders.ParseRetryAfter(value, Now, TimeSpan.FromDays(1)));

    [Fact]
    public void Https_to_http_is_refused()
    {
        var (next, error) = RedirectPolicy.Next(new Uri("https://a.example/feed"), new Uri("http://b.example/feed"), 0, 5);
        Assert.Null(next);
        Assert.Equal(FetchErrorKind.InsecureRedirect, error!.Kind);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://a.example/x")]
    public void Redirects_to_other_schemes_are_refused(string location) =>
        Assert.Equal(FetchErrorKind.InsecureRedirect, RedirectPolicy.Next(new Uri("http://a.example/"), new Uri(location), 0, 5).Error!.Kind);

    [Fact]
    public void Relative_locations_resolve_and_http_to_https_is_fine()
    {
        Assert.Equal(new Uri("http://a.example/new"), RedirectPolicy.Next(new Uri("http://a.example/old/feed"), new Uri("/new", UriKind.Relative), 0, 5).Next);
        Assert.Equal(new Uri("https://a.example/x"), RedirectPolicy.Next(new Uri("http://a.example/"), new Uri("https://a.example/x"), 0, 5).Next);
    }

    [Fact]
    public void The_sixth_redirect_is_one_too_many()
    {
        Assert.NotNull(RedirectPolicy.Next(new Uri("http://a.example/"), new Uri("http://a.example/5"), 4, 5).Next);
        Assert.Equal(FetchErrorKind.TooManyRedirects, RedirectPolicy.Next(new Uri("http://a.example/"), new Uri("http://a.example/6"), 5, 5).Error!.Kind);
    }

    [Fact]
    public void A_redirect_without_location_is_an_error() =>
        Assert.Equal(FetchErrorKind.MissingLocation, RedirectPolicy.Next(new Uri("http://a.example/"), null, 0, 5).Error!.Kind);
}
