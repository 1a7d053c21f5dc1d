using ImmunoWatch.Delivery;
using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;
using Microsoft.Extensions.Configuration;
using ImmunoWatch.Digests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>All of ImmunoWatch's wiring, in pipeline order, in one place.</summary>
internal static class ImmunoWatchServiceCollectionExtensions
{
    /// <param name="services">The container.</param>
    /// <param name="configuration">Application configuration.</param>
    /// <param name="needsDatabase">False for commands that must work without a database (parse, tag).</param>
    /// <remarks>Needs an <see cref="Microsoft.Extensions.Hosting.IHostEnvironment"/>: outside Development the shipped digest placeholders are refused.</remarks>
    public static IServiceCollection AddImmunoWatch(this IServiceCollection services, IConfiguration configuration, bool needsDatabase)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddFeedFetching();
        services.AddFeedParsing();
        if (needsDatabase)
        {
            services.AddStorage(configuration);
            services.AddPolling();
            services.AddDigests();
            services.AddSingleton<IValidateOptions<DigestOptions>, DigestProductionCheck>();
            services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpProductionCheck>();
        }

        return services;
    }
}
