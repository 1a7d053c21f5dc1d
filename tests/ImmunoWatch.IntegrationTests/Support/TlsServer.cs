using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// An HTTPS server on loopback that presents a certificate made for the test (self-signed, expired,
/// or issued to another host) and answers every request with one small feed.
/// </summary>
internal sealed class TlsServer : IDisposable
{
    private readonly RawTcpServer _tcp;
    private int _handshakes;
    private int _requests;

    public TlsServer(X509Certificate2 certificate, string body)
    {
        Certificate = certificate;
        _tcp = new RawTcpServer((stream, token) => ServeAsync(stream, body, token));
    }

    public X509Certificate2 Certificate { get; }

    public int Port => _tcp.Port;

    /// <summary>TLS handshakes started (the client got as far as a ClientHello).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>HTTP requests read after a completed handshake.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public Uri Url(string path = "/feed.xml") => new($"https://127.0.0.1:{Port}{path}");

    /// <summary>A certificate for <paramref name="host"/> (DNS name or IP address), valid in the given window.</summary>
    public static X509Certificate2 CreateCertificate(string host, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(TestCertificateAuthority.SubjectAlternativeName(host));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(notBefore, notAfter);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private async Task ServeAsync(NetworkStream stream, string body, CancellationToken token)
    {
        try
        {
            await using var tls = new SslStream(stream);
            Interlocked.Increment(ref _handshakes);
            await tls.AuthenticateAsServerAsync(Certificate);
            var buffer = new byte[4096];
            var read = 0;
            while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await tls.ReadAsync(buffer.AsMemory(read), token);
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            Interlocked.Increment(ref _requests);
            var payload = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await tls.WriteAsync(Encoding.ASCII.GetBytes(head), token);
            await tls.WriteAsync(payload, token);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
        {
            // The client refused the certificate and hung up: the case under test.
        }
    }

    public void Dispose()
    {
        _tcp.Dispose();
        Certificate.Dispose();
    }
}
