using ImmunoWatch.Worker.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace ImmunoWatch.Worker.Cli;

/// <summary>Builds configuration and services for the short-lived admin commands (the worker uses its own host).</summary>
internal static class CliHost
{
    /// <summary>DOTNET_ENVIRONMENT (or ASPNETCORE_ENVIRONMENT), Production when neither is set: as the worker's host reads it.</summary>
    public static string EnvironmentName =>
        Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;

    public static IConfiguration BuildConfiguration()
    {
        return new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{EnvironmentName}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>Services for a CLI command; options are validated here, so a bad setting fails before any work.</summary>
    public static ServiceProvider BuildServices(bool needsDatabase)
    {
        var configuration = BuildConfiguration();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = EnvironmentName, ApplicationName = "immunowatch", ContentRootPath = AppContext.BaseDirectory });
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        });
        services.AddImmunoWatch(configuration, needsDatabase);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        OptionsStartupValidation.ValidateAll(provider);
        return provider;
    }
}
