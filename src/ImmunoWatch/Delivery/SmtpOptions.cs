using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Delivery;

/// <summary>How digests are sent (configuration section <c>Smtp</c>).</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    /// <summary>SMTP server. Default 127.0.0.1.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Default 25.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>None, StartTls (required, never falls back to plaintext) or Tls (TLS on connect). Default StartTls.</summary>
    [Required]
    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>The From address. Default digests@immunowatch.invalid.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = "digests@immunowatch.invalid";

    /// <summary>Default "ImmunoWatch".</summary>
    public string FromName { get; set; } = "ImmunoWatch";

    /// <summary>SMTP command timeout. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Security is not ("None" or "StartTls" or "Tls"))
        {
            yield return new ValidationResult($"Smtp:Security '{Security}' must be None, StartTls or Tls", [nameof(Security)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Smtp:Username and Smtp:Password go together", [nameof(Username)]);
        }
    }
}
