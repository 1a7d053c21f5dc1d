using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>
/// OpenTelemetry for the worker: ImmunoWatch's meter and spans, Npgsql, HttpClient, ASP.NET Core and
/// the runtime; the Prometheus exporter (served on <c>/metrics</c> by ImmunoWatch.Web's operational
/// endpoints), and OTLP export (metrics and traces) when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class TelemetrySetup
{
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(PipelineTelemetry.Name)
                .AddNpgsqlInstrumentation()
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(PipelineTelemetry.Name)
                .AddNpgsql()
                .AddHttpClientInstrumentation()
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments(ImmunoWatch.Web.Operations.OperationalEndpoints.MetricsPath)));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
