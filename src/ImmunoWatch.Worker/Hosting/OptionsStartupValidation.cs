using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>Runs the options validators that <c>ValidateOnStart</c> registered, for commands that never start a host.</summary>
internal static class OptionsStartupValidation
{
    public static void ValidateAll(IServiceProvider services)
    {
        var validator = services.GetService<IStartupValidator>();
        validator?.Validate();
    }
}
