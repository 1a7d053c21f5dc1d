using ImmunoWatch.Delivery;
using ImmunoWatch.Storage;
using ImmunoWatch.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>The pages (subscriber and admin) on a real Kestrel server on loopback, with a fresh migrated database.</summary>
internal sealed class EndpointHost : IAsyncDisposable
{
    private readonly string _connectionString;

    private EndpointHost(WebApplication app, string baseUrl, string connectionString)
    {
        App = app;
        BaseUrl = baseUrl;
        _connectionString = connectionString;
    }

    public WebApplication App { get; }

    public string BaseUrl { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<EndpointHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var all = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:ImmunoWatch"] = connectionString,
            ["Digests:TokenSecret"] = "test-secret-test-secret-test-secret-0123",
        };
        builder.Configuration.AddInMemoryCollection(all);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddDigests();
        builder.Services.AddImmunoWatchWeb();
        var app = builder.Build();
        map(app);
        await app.Services.GetRequiredService<DatabaseSetup>().RunAsync(CancellationToken.None);
        await app.StartAsync();
        return new EndpointHost(app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(), connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(_connectionString);
    }
}
