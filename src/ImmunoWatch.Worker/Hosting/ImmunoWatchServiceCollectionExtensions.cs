using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>All of ImmunoWatch's wiring, in pipeline order, in one place.</summary>
internal static class ImmunoWatchServiceCollectionExtensions
{
    public static IServiceCollection AddImmunoWatch(this IServiceCollection services, IConfiguration configuration, bool needsDatabase)
    {
        services.AddFeedFetching();
        services.AddFeedParsing();
        _ = configuration;
        _ = needsDatabase;
        return services;
    }
}
