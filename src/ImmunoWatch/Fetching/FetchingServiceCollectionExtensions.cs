using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Fetching;

/// <summary>Wires the guarded, honest HTTP client that fetches feeds.</summary>
public static class FetchingServiceCollectionExtensions
{
    public static IServiceCollection AddFeedFetching(this IServiceCollection services)
    {
        services.AddOptions<FetchOptions>().BindConfiguration(FetchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<DestinationGuard>();
        services.TryAddSingleton<FeedFetcher>();
        services.AddHttpClient(FeedFetcher.ClientName, (sp, client) =>
            {
                var options = sp.GetRequiredService<IOptions<FetchOptions>>().Value;
                var version = typeof(FeedFetcher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
                client.Timeout = Timeout.InfiniteTimeSpan; // the fetcher enforces its own deadline, body included
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", $"ImmunoWatch/{version} (+{options.ContactUrl})");
                client.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<FetchOptions>>().Value;
                var guard = sp.GetRequiredService<DestinationGuard>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
                    UseCookies = false,
                    UseProxy = false,
                    ConnectTimeout = options.ConnectTimeout,
                    ConnectCallback = guard.ConnectAsync,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    MaxConnectionsPerServer = 4,
                };
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}
