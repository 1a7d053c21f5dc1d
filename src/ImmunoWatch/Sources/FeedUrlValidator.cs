using System.Net;
using ImmunoWatch.Fetching;

namespace ImmunoWatch.Sources;

/// <summary>
/// Checks a feed URL an admin gives before anything is stored or fetched: absolute http(s) only,
/// no credentials, no control characters or spaces, a sane length, and no literal non-public
/// address (names are checked again at connect time, where DNS answers are final).
/// </summary>
public sealed class FeedUrlValidator(DestinationGuard guard)
{
    public const int MaxLength = 2_048;

    /// <returns>The parsed URL, or an error message naming the problem.</returns>
    public (Uri? Url, string? Error) Validate(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return (null, "url: required");
        }

        if (raw.Length > MaxLength)
        {
            return (null, $"url: longer than {MaxLength} characters");
        }

        if (raw.Any(c => char.IsControl(c) || c == ' '))
        {
            return (null, "url: contains spaces or control characters (CR, LF, NUL ...)");
        }

        // On Unix "/a/b" parses as an absolute file URI; an admin typing it meant a relative path.
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.IsFile && !raw.StartsWith("file:", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, "url: not an absolute URL");
        }

        if (url.Scheme is not ("http" or "https"))
        {
            return (null, $"url: scheme '{url.Scheme}' is not allowed (only http and https)");
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return (null, "url: must not carry credentials (user:password@)");
        }

        if (string.IsNullOrEmpty(url.Host))
        {
            return (null, "url: has no host");
        }

        var literal = IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) ? new[] { address } : [];
        if (literal.Length > 0 || url.IsLoopback || !url.IsDefaultPort)
        {
            var addresses = literal.Length > 0 ? literal : url.IsLoopback ? [IPAddress.Loopback] : [];
            var refusal = addresses.Length == 0
                ? guard.IsAllowListed(url.Host, url.Port) || url.Port is 80 or 443 ? null : $"port {url.Port} is not allowed (only 80 and 443, or an entry in Fetching:AllowedPrivateHosts)"
                : guard.Refusal(url.Host, url.Port, addresses);
            if (refusal is not null)
            {
                return (null, $"url: {url.Host} is blocked: {refusal}");
            }
        }

        return (url, null);
    }
}
