using ImmunoWatch.Digests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmunoWatch.Delivery;

public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Composing, rendering and delivering digests.</summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddOptions<DigestOptions>().BindConfiguration(DigestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SubscriberTokens>();
        services.TryAddSingleton<DigestComposer>();
        services.TryAddSingleton<DigestRenderer>();
        services.TryAddSingleton<DigestMailer>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.PipelineTelemetry>();
        services.TryAddSingleton<DigestDelivery>();
        return services;
    }
}
