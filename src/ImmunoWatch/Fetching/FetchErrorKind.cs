namespace ImmunoWatch.Fetching;

/// <summary>Why a fetch failed, in words an admin can act on.</summary>
public enum FetchErrorKind
{
    /// <summary>The URL is not an absolute http(s) URL an admin may add.</summary>
    InvalidUrl,
    /// <summary>The host is private, loopback, link-local or otherwise not public, and not allow-listed.</summary>
    BlockedDestination,
    Timeout,
    ResponseTooLarge,
    TooManyRedirects,
    /// <summary>A redirect from https to http, or to a non-http scheme.</summary>
    InsecureRedirect,
    MissingLocation,
    Tls,
    Network,
    HttpStatus,
    /// <summary>410 Gone: the publisher retired the feed.</summary>
    Gone,
    /// <summary>429 or 503: the publisher asked us to come back later.</summary>
    RateLimited,
    EmptyBody,
    /// <summary>The body arrived but is not a readable feed.</summary>
    Parse,
}
