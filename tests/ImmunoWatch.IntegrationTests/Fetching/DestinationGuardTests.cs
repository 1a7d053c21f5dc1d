using System.Net;
using ImmunoWatch.Fetching;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Fetching;

/// <summary>The private-network guard (T01, T03, T04): checked at connect time, 0 connections to refused targets.</summary>
public sealed class DestinationGuardTests
{
    [Theory]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://localhost/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://0.1.2.3/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[64:ff9b::7f00:1]/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    public async Task Non_public_targets_are_blocked_by_the_fetcher(string url)
    {
        await using var services = TestServices.Create();
        var result = await services.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(new Uri(url), null, null), CancellationToken.None);
        Assert.Equal(FetchErrorKind.BlockedDestination, result.Error?.Kind);
        Assert.Empty(result.Body);
    }

    [Fact]
    public async Task A_loopback_listener_gets_no_connection_unless_allow_listed()
    {
        await using var server = await LoopbackServer.StartAsync(context => context.Response.WriteAsync(Feeds.Rss("t", ("a", "A"))));
        await using (var guarded = TestServices.Create())
        {
            var blocked = await guarded.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(server.Url(), null, null), CancellationToken.None);
            Assert.Equal(FetchErrorKind.BlockedDestination, blocked.Error?.Kind);
            Assert.Contains("127.0.0.1", blocked.Error!.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, server.Connections);

        await using var allowed = TestServices.Create(TestServices.Loopback(server));
        var ok = await allowed.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(server.Url(), null, null), CancellationToken.None);
        Assert.True(ok.Succeeded);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task A_name_resolving_to_public_and_private_addresses_is_blocked()
    {
        var resolver = new StubResolver([IPAddress.Parse("93.184.216.34"), IPAddress.Loopback]);
        await using var services = TestServices.Create(resolver: resolver);
        var result = await services.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(new Uri("http://mixed.example/feed"), null, null), CancellationToken.None);
        Assert.Equal(FetchErrorKind.BlockedDestination, result.Error?.Kind);
        Assert.Contains("mixed.example", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dns_rebinding_the_address_checked_is_the_address_connected()
    {
        // First answer: the allow-listed listener. Second answer (a new connection): another loopback
        // address that is not allowed. The guard resolves once per connection, inside the connect step.
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers.Connection = "close";
            return context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var resolver = new StubResolver([IPAddress.Loopback], [IPAddress.Parse("127.0.0.2")]);
        await using var services = TestServices.Create(TestServices.Loopback(server), resolver);
        var fetcher = services.GetRequiredService<FeedFetcher>();
        var url = new Uri($"http://rebind.example:{server.Port}/");

        var first = await fetcher.FetchAsync(new FetchRequest(url, null, null), CancellationToken.None);
        var second = await fetcher.FetchAsync(new FetchRequest(url, null, null), CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal(FetchErrorKind.BlockedDestination, second.Error?.Kind);
        Assert.Equal(2, resolver.Calls);
        Assert.Equal(1, server.Connections);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "scheme")]
    [InlineData("ftp://example.org/feed", "scheme")]
    [InlineData("gopher://example.org/", "scheme")]
    [InlineData("data:text/xml,<rss/>", "scheme")]
    [InlineData("javascript:alert(1)", "scheme")]
    [InlineData("/relative/feed.xml", "absolute")]
    [InlineData("http://user:pass@example.org/feed", "credentials")]
    [InlineData("http://example.org/feed\r\nX-Injected: 1", "control")]
    [InlineData("http://example.org:8080/feed", "port")]
    [InlineData("http://10.1.2.3/feed", "blocked")]
    [InlineData("http://[::1]/feed", "blocked")]
    public async Task Feed_urls_are_validated_before_anything_is_fetched(string url, string expected)
    {
        await using var services = TestServices.Create();
        var validator = new FeedUrlValidator(services.GetRequiredService<DestinationGuard>());
        var (parsed, error) = validator.Validate(url);
        Assert.Null(parsed);
        Assert.NotNull(error);
        Assert.StartsWith("url:", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Public_https_urls_pass_validation()
    {
        await using var services = TestServices.Create();
        var validator = new FeedUrlValidator(services.GetRequiredService<DestinationGuard>());
        var (parsed, error) = validator.Validate("https://www.cancer.gov/publishedcontent/rss/syndication/rss/ncinewsreleases.rss");
        Assert.Null(error);
        Assert.Equal("www.cancer.gov", parsed!.Host);
    }
}
