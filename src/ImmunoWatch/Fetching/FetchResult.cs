namespace ImmunoWatch.Fetching;

/// <summary>The outcome of one fetch.</summary>
public sealed record FetchResult
{
    public int? StatusCode { get; init; }
    /// <summary>Set when the fetch failed; <see cref="Body"/> is then empty.</summary>
    public FetchError? Error { get; init; }
    public bool NotModified { get; init; }
    public byte[] Body { get; init; } = [];
    public string? Charset { get; init; }
    public string? ContentType { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    /// <summary>False when the response forbids caching (Expires: 0), so its validators must not be reused.</summary>
    public bool StoreValidators { get; init; } = true;
    /// <summary>The URL that answered, after redirects.</summary>
    public Uri? FinalUrl { get; init; }
    /// <summary>Set when every redirect hop was permanent (301/308): the source's URL should move here once parsed.</summary>
    public Uri? PermanentRedirect { get; init; }
    /// <summary>How long the publisher says the response stays fresh (Cache-Control max-age, Expires).</summary>
    public TimeSpan? FreshFor { get; init; }
    /// <summary>How long the publisher asked us to wait (Retry-After), capped.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public bool Succeeded => Error is null;

    public static FetchResult Failed(FetchErrorKind kind, string message, int? status = null, TimeSpan? retryAfter = null) =>
        new() { Error = new FetchError(kind, message), StatusCode = status, RetryAfter = retryAfter };
}
