using ImmunoWatch.Processing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImmunoWatch.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The polling pipeline (without Quartz: <c>immunowatch poll</c> uses it directly).</summary>
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddItemProcessing();
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ApiPagingOptions>().BindConfiguration(ApiPagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<PollIntervalPolicy>();
        services.TryAddSingleton<FetchLimiter>();
        services.TryAddSingleton<StoreLimiter>();
        services.TryAddSingleton<NotModifiedRecorder>();
        services.TryAddSingleton<Sources.FeedUrlValidator>();
        services.TryAddSingleton<Sources.SourceValidator>();
        services.TryAddSingleton<Storage.OpmlImporter>();
        services.TryAddSingleton<SourceTrial>();
        services.AddMetrics();
        services.TryAddSingleton<Telemetry.PipelineTelemetry>();
        services.AddOptions<PubMedOptions>().BindConfiguration(PubMedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ApiRequests>();
        services.TryAddSingleton<ApiPageWriter>();
        services.TryAddSingleton<CtGovPass>();
        services.TryAddSingleton<PubMedPass>();
        services.TryAddSingleton<SourcePoller>();
        services.TryAddSingleton<PollingService>();
        return services;
    }
}
