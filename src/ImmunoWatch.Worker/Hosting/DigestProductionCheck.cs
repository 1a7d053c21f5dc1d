using ImmunoWatch.Digests;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>
/// Outside Development, refuses the shipped digest settings: with the placeholder token secret anyone
/// can forge unsubscribe, preferences and web-version links, and a loopback public address sends
/// readers' clicks to their own machine.
/// </summary>
internal sealed class DigestProductionCheck(IHostEnvironment environment) : IValidateOptions<DigestOptions>
{
    private static readonly string ShippedSecret = new DigestOptions().TokenSecret;

    public ValidateOptionsResult Validate(string? name, DigestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (options.TokenSecret == ShippedSecret || options.TokenSecret.Contains("change-me", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Digests:TokenSecret is the shipped placeholder; in {environment.EnvironmentName} set a random secret of at least 32 characters (for example `openssl rand -base64 48`)");
        }

        if (Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var url) && (url.IsLoopback || url.Host is "0.0.0.0" or "[::]"))
        {
            failures.Add($"Digests:PublicBaseUrl '{options.PublicBaseUrl}' is a loopback address; in {environment.EnvironmentName} set the address readers reach this ImmunoWatch at");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
