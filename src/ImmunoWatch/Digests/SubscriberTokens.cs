using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Digests;

/// <summary>
/// Unguessable, stateless link tokens: "{subscriber id}.{HMAC-SHA256(secret, purpose:id)}" (192
/// bits kept). Nothing is stored to steal; an unknown or altered token simply fails verification.
/// </summary>
public sealed class SubscriberTokens(IOptions<DigestOptions> options)
{
    public const string Unsubscribe = "unsubscribe";
    public const string Preferences = "preferences";
    public const string WebVersion = "web";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.TokenSecret);

    public string Create(string purpose, long id) => string.Create(CultureInfo.InvariantCulture, $"{id}.{Mac(purpose, id)}");

    /// <summary>The id a valid token names, or null (same work whether the id exists or not).</summary>
    public long? Verify(string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(purpose, id));
        var given = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? id : null;
    }

    private string Mac(string purpose, long id)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{purpose}:{id}")));
        return Base64Url(mac.AsSpan(0, 24));
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
