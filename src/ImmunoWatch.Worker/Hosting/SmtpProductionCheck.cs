using ImmunoWatch.Delivery;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>Outside Development, refuses a sender in the reserved <c>.invalid</c> domain (the shipped default): mail from it is rejected or lost.</summary>
internal sealed class SmtpProductionCheck(IHostEnvironment environment) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Skip;
        }

        var domain = options.FromAddress.Split('@').LastOrDefault()?.TrimEnd('.', '>', ' ') ?? "";
        return domain.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase) || domain.Equals("invalid", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Fail($"Smtp:FromAddress '{options.FromAddress}' is in the reserved .invalid domain; in {environment.EnvironmentName} set the address digests are sent from")
            : ValidateOptionsResult.Success;
    }
}
