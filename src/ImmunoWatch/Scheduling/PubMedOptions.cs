using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Scheduling;

/// <summary>PubMed E-utilities sources (configuration section <c>PubMed</c>).</summary>
public sealed class PubMedOptions
{
    public const string Section = "PubMed";

    /// <summary>NCBI API key: optional; with it E-utilities allow ten requests a second instead of three.</summary>
    [MaxLength(100)]
    public string? ApiKey { get; set; }

    /// <summary>The tool name NCBI asks callers to send. Default immunowatch.</summary>
    [Required, MaxLength(50), RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string Tool { get; set; } = "immunowatch";

    /// <summary>A contact address NCBI may write to about heavy use (optional, recommended).</summary>
    [EmailAddress]
    public string? Email { get; set; }

    /// <summary>The first pass takes only this many of the newest matching records (a term may match tens of thousands). Default 200.</summary>
    [Range(1, 10_000)]
    public int FirstPassMax { get; set; } = 200;

    /// <summary>PMIDs per esearch page and per efetch request. Default 100.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Requests a second: 3 without an API key, 10 with one (NCBI's limits).</summary>
    public int RequestsPerSecond => string.IsNullOrWhiteSpace(ApiKey) ? 3 : 10;

    /// <summary>The api_key, tool and email parameters for every request.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Credentials()
    {
        yield return new("tool", Tool);
        if (!string.IsNullOrWhiteSpace(Email))
        {
            yield return new("email", Email);
        }

        if (!string.IsNullOrWhiteSpace(ApiKey))
        {
            yield return new("api_key", ApiKey);
        }
    }
}
