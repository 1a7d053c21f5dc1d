using ImmunoWatch.Digests;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Storage;
using ImmunoWatch.Web;
using ImmunoWatch.Web.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Quartz;

namespace ImmunoWatch.Worker.Hosting;

/// <summary>
/// The long-running worker: migrations at start-up, then the clustered Quartz scheduler that polls
/// sources, and the HTTP surface of ImmunoWatch.Web (subscriber and admin pages, health, metrics).
/// </summary>
internal static class WorkerHost
{
    /// <summary>How long a stopping worker waits for running jobs (a poll, a digest in transmission) to finish.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables();
        // One line per entry by default; Logging:Console:FormatterName=json gives JSON lines (with scopes) for log collectors.
        builder.Logging.AddConsole();
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddImmunoWatch(builder.Configuration, needsDatabase: true);
        // Order matters: hosted services start in registration order, so migrations finish before Quartz starts.
        builder.Services.AddHostedService<MigrationHostedService>();
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? "";
        builder.Services.AddClusteredScheduler(builder.Configuration, connectionString);
        builder.Services.AddWorkerTelemetry(builder.Configuration);
        builder.Services.AddHostedService<OperationalCountsRefresher>();
        builder.Services.AddSubscriptionRateLimit();
        builder.Services.AddImmunoWatchWeb();
        builder.Services.AddOperationalHealthChecks();
        _ = args;
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapImmunoWatchWeb();
        app.MapOperationalEndpoints();
        return app;
    }
}
