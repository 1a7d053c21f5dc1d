using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Web.Operations;

/// <summary>
/// What operators and orchestrators read: <c>/health/live</c> (the process answers), <c>/health/ready</c>
/// (the database answers and the scheduler checks in with the cluster) and <c>/metrics</c> (Prometheus
/// text from the OpenTelemetry meter provider the host configures).
/// </summary>
public static class OperationalEndpoints
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddOperationalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerCheckinHealthCheck>("scheduler", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapOperationalEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
