namespace ImmunoWatch.Fetching;

/// <summary>
/// Which redirects a feed fetch follows: at most N hops, only to http(s), never from https down to
/// http, and only with a Location header. (The destination's address is checked again when the
/// next hop connects.)
/// </summary>
public static class RedirectPolicy
{
    /// <param name="current">The URL that answered with a redirect.</param>
    /// <param name="location">Its Location header, if any.</param>
    /// <param name="hop">Redirects already followed before this one.</param>
    /// <param name="maxRedirects">The most redirects allowed.</param>
    public static (Uri? Next, FetchError? Error) Next(Uri current, Uri? location, int hop, int maxRedirects)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (location is null)
        {
            return (null, new FetchError(FetchErrorKind.MissingLocation, "redirect without a Location header"));
        }

        var next = location.IsAbsoluteUri ? location : new Uri(current, location);
        if (next.Scheme is not ("http" or "https"))
        {
            return (null, new FetchError(FetchErrorKind.InsecureRedirect, $"redirect to a {next.Scheme}: URL refused"));
        }

        if (current.Scheme == "https" && next.Scheme == "http")
        {
            return (null, new FetchError(FetchErrorKind.InsecureRedirect, $"redirect from https down to http://{next.Host} refused"));
        }

        if (hop + 1 > maxRedirects)
        {
            return (null, new FetchError(FetchErrorKind.TooManyRedirects, $"more than {maxRedirects} redirects"));
        }

        return (next, null);
    }
}
