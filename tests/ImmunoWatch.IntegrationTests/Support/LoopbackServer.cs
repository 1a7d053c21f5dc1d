using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, answering with the test's handler.
/// Counts TCP connections and records every request, so tests can assert that nothing connected.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private LoopbackServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    public int Port { get; private set; }

    public string Authority => $"127.0.0.1:{Port}";

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        LoopbackServer? server = null;
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MinResponseDataRate = null;
            k.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref server!._connections);
                await next(connection);
            }));
        });
        var app = builder.Build();
        server = new LoopbackServer(app);
        app.Run(async context =>
        {
            server.Requests.Enqueue(new RecordedRequest(context.Request.Path + context.Request.QueryString, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Slow-drip handlers may still be writing; the test is over either way.
        }

        await _app.DisposeAsync();
    }
}

internal sealed record RecordedRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
