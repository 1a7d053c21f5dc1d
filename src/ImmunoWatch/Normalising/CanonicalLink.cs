namespace ImmunoWatch.Normalising;

/// <summary>
/// A link reduced to what identifies the page: scheme and host lower-cased, default port, fragment
/// and tracking parameters (utm_*, fbclid, gclid ...) removed, query parameters kept in order.
/// </summary>
public static class CanonicalLink
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "yclid", "igshid",
        "cmpid", "dgcid", "spMailingID", "spUserID", "spJobID", "spReportId",
    };

    public static string? From(string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var kept = new List<string>();
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = pair.Split('=', 2)[0];
            if (name.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingParameters.Contains(name))
            {
                continue;
            }

            kept.Add(pair);
        }

        var path = uri.AbsolutePath;
        if (path.Length > 1 && path.EndsWith('/'))
        {
            path = path.TrimEnd('/');
        }

        var port = uri.IsDefaultPort ? "" : ":" + uri.Port;
        var query = kept.Count == 0 ? "" : "?" + string.Join('&', kept);
        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{path}{query}";
    }
}
