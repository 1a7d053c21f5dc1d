using System.Net;
using System.Net.Sockets;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A bare TCP listener on loopback for behaviour no well-behaved HTTP server shows: a lying
/// Content-Length, a server that accepts and never answers.
/// </summary>
internal sealed class RawTcpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private int _connections;

    public RawTcpServer(Func<NetworkStream, CancellationToken, Task> onConnection)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        await onConnection(client.GetStream(), _stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client went away: expected in these tests.
                    }
                });
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public Uri Url(string path = "/") => new($"http://127.0.0.1:{Port}{path}");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }
}
