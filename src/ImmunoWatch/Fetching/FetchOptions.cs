using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Fetching;

/// <summary>How feeds are fetched (configuration section <c>Fetching</c>). Every limit is validated at start-up.</summary>
public sealed class FetchOptions : IValidatableObject
{
    public const string Section = "Fetching";

    /// <summary>Largest response body accepted, counted after decompression. Default 5 MiB.</summary>
    [Range(16 * 1024, 512 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>TCP connect timeout. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline for the whole fetch, redirects and body included. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most redirects followed. Default 5.</summary>
    [Range(0, 10)]
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Longest Retry-After honoured. Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Hosts that may be private, loopback or on a non-standard port, as "host:port" or "host" (any port).
    /// Empty by default: only tests and local benchmarks need it (e.g. <c>127.0.0.1:8080</c>).
    /// </summary>
    public List<string> AllowedPrivateHosts { get; set; } = [];

    /// <summary>Where a publisher can read about this crawler; sent in the User-Agent. Default: the project page.</summary>
    [Required, Url]
    public string ContactUrl { get; set; } = "https://github.com/immunowatch/immunowatch";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeout < ConnectTimeout)
        {
            yield return new ValidationResult($"Fetching:TotalTimeout ({TotalTimeout}) must be at least Fetching:ConnectTimeout ({ConnectTimeout})", [nameof(TotalTimeout)]);
        }
    }
}
