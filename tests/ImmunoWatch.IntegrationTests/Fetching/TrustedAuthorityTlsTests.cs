using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Fetching;

/// <summary>
/// Certificates from an authority the client trusts (a test root given to the real `immunowatch
/// parse` process through SSL_CERT_FILE, the way an operator adds a private CA): a good certificate
/// is fetched, and an expired one and one for another host each fail on their own, as Tls errors.
/// The self-signed case (no trusted chain at all) is <see cref="TlsVerificationTests"/>.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class TrustedAuthorityTlsTests
{
    private static readonly string Body = Feeds.Rss("tls", ("a", "Pembrolizumab in melanoma"));

    public static TheoryData<string, string, int, int, string?> Cases => new()
    {
        { "valid", "127.0.0.1", -1, 365, null },
        // The reason is the one defect, and only it: the chain itself is trusted.
        { "expired", "127.0.0.1", -30, -1, "NotTimeValid" },
        { "wrong host", "feeds.example.org", -1, 365, "RemoteCertificateNameMismatch" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Only_a_current_certificate_for_the_host_from_a_trusted_authority_is_accepted(string name, string host, int validFromDays, int validToDays, string? error)
    {
        using var authority = new TestCertificateAuthority();
        var now = DateTimeOffset.UtcNow;
        using var server = new TlsServer(authority.Issue(host, now.AddDays(validFromDays), now.AddDays(validToDays)), Body);
        var directory = Directory.CreateTempSubdirectory("immunowatch-ca-").FullName;
        try
        {
            var env = new Dictionary<string, string>
            {
                ["SSL_CERT_FILE"] = authority.WriteRootPem(directory),
                ["SSL_CERT_DIR"] = directory,
                ["Fetching__AllowedPrivateHosts__0"] = $"127.0.0.1:{server.Port}",
            };

            var (exit, stdout, stderr) = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "parse", server.Url().ToString());

            if (error is null)
            {
                Assert.True(exit == 0, $"{name}: {stderr}");
                Assert.Contains("Pembrolizumab in melanoma", stdout, StringComparison.Ordinal);
                Assert.Equal(1, server.Requests);
            }
            else
            {
                Assert.Equal(1, exit);
                Assert.StartsWith("error: Tls: ", stderr, StringComparison.Ordinal);
                Assert.Contains(error, stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("UntrustedRoot", stderr, StringComparison.Ordinal);
                Assert.Equal(0, server.Requests);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
