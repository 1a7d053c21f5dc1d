using ImmunoWatch.Delivery;
using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>The production service wiring, with settings a test chooses.</summary>
internal static class TestServices
{
    public static ServiceProvider Create(IDictionary<string, string?>? settings = null, IHostResolver? resolver = null, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(time ?? TimeProvider.System);
        if (resolver is not null)
        {
            services.AddSingleton(resolver);
        }

        services.AddFeedFetching();
        services.AddFeedParsing();
        if (settings?.ContainsKey("ConnectionStrings:ImmunoWatch") == true)
        {
            services.AddStorage(configuration);
            services.AddPolling();
            services.AddDigests();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Settings that let the fetcher reach the given loopback servers, with short deadlines.</summary>
    public static Dictionary<string, string?> Loopback(params LoopbackServer[] servers)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Fetching:ConnectTimeout"] = "00:00:01",
            ["Fetching:TotalTimeout"] = "00:00:02",
            ["Fetching:MaxBodyBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < servers.Length; i++)
        {
            settings[$"Fetching:AllowedPrivateHosts:{i}"] = servers[i].Authority;
        }

        return settings;
    }
}
