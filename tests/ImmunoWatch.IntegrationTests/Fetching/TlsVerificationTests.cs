using System.Net.Security;
using System.Reflection;
using ImmunoWatch.Fetching;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Fetching;

/// <summary>
/// T09: certificates are verified. A real TLS server on loopback presents a self-signed, an expired
/// and a wrong-host certificate; the production fetcher refuses each with a Tls error and parses no
/// body, and there is no setting that turns verification off.
/// </summary>
public sealed class TlsVerificationTests
{
    private static readonly string Body = Feeds.Rss("tls", ("a", "A"));

    public static TheoryData<string, int, int> BadCertificates => new()
    {
        { "127.0.0.1", -1, 365 },   // self-signed, otherwise valid
        { "127.0.0.1", -30, -1 },   // expired yesterday
        { "feeds.example.org", -1, 365 }, // issued to another host
    };

    [Theory]
    [MemberData(nameof(BadCertificates))]
    public async Task An_untrusted_certificate_is_a_Tls_error_and_no_body_is_read(string host, int validFromDays, int validToDays)
    {
        var now = DateTimeOffset.UtcNow;
        using var server = new TlsServer(TlsServer.CreateCertificate(host, now.AddDays(validFromDays), now.AddDays(validToDays)), Body);
        var settings = new Dictionary<string, string?>(TestServices.Loopback())
        {
            ["Fetching:AllowedPrivateHosts:0"] = $"127.0.0.1:{server.Port}",

            // The connect timeout covers the handshake, and a process's first handshake (OpenSSL
            // loading, the chain built for the first time) can take over a second on a busy
            // machine; this test is about the certificate, not the deadline.
            ["Fetching:ConnectTimeout"] = "00:00:15",
            ["Fetching:TotalTimeout"] = "00:00:30",
        };
        await using var services = TestServices.Create(settings);

        var result = await services.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(server.Url(), null, null), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(FetchErrorKind.Tls, result.Error?.Kind);
        Assert.Contains("TLS", result.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(result.Body);
        Assert.True(server.Handshakes >= 1, "the fetcher never reached the TLS server");
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task The_server_itself_works_for_a_client_that_trusts_its_certificate()
    {
        // The control for the theory above: the refusal is the certificate check, not a broken server.
        var now = DateTimeOffset.UtcNow;
        using var server = new TlsServer(TlsServer.CreateCertificate("127.0.0.1", now.AddDays(-1), now.AddDays(365)), Body);
        var thumbprint = server.Certificate.Thumbprint;
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate?.GetCertHashString() == thumbprint,
            },
        };
        using var client = new HttpClient(handler);

        var text = await client.GetStringAsync(server.Url());

        Assert.Equal(Body, text);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void No_setting_turns_certificate_checks_off()
    {
        var names = typeof(FetchOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToList();
        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => n.Contains("Certificate", StringComparison.OrdinalIgnoreCase)
            || n.Contains("Tls", StringComparison.OrdinalIgnoreCase) || n.Contains("Ssl", StringComparison.OrdinalIgnoreCase));
    }
}
