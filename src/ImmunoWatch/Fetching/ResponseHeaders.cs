using System.Globalization;
using System.Net.Http.Headers;

namespace ImmunoWatch.Fetching;

/// <summary>Reads the caching and rate-limit hints a publisher sends (RFC 9110, RFC 9111).</summary>
public static class ResponseHeaders
{
    /// <summary>Retry-After as a delay from <paramref name="now"/>, capped at <paramref name="max"/>; null when absent or unreadable.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now, TimeSpan max)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        return ParseRetryAfter(values.FirstOrDefault(), now, max);
    }

    public static TimeSpan? ParseRetryAfter(string? raw, DateTimeOffset now, TimeSpan max)
    {
        var value = raw?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        TimeSpan delay;
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            delay = seconds > max.TotalSeconds ? max : TimeSpan.FromSeconds(seconds);
        }
        else if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            delay = at - now;
        }
        else
        {
            return null;
        }

        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return delay > max ? max : delay;
    }

    /// <summary>How long the response stays fresh: Cache-Control max-age, else Expires minus Date.</summary>
    public static TimeSpan? FreshFor(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.CacheControl?.MaxAge is { } maxAge)
        {
            return maxAge;
        }

        var expires = response.Content.Headers.Expires;
        if (expires is { } at)
        {
            var from = response.Headers.Date ?? now;
            var fresh = at - from;
            return fresh > TimeSpan.Zero ? fresh : null;
        }

        return null;
    }

    /// <summary>
    /// False when the publisher marked the response as already stale (Expires: 0 or a date in the
    /// past, or Cache-Control: no-store), so its validators must not be sent next time.
    /// </summary>
    public static bool AllowsValidatorReuse(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.CacheControl?.NoStore == true)
        {
            return false;
        }

        if (response.Content.Headers.TryGetValues("Expires", out var raw))
        {
            var value = raw.FirstOrDefault()?.Trim();
            if (value is null || response.Content.Headers.Expires is not { } expires)
            {
                return false;
            }

            var date = response.Headers.Date;
            return date is null || expires > date;
        }

        return true;
    }
}
