using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// Debian's nginx serving the farm's files on several loopback addresses (one "publisher" each),
/// with ETag, Last-Modified and gzip, as real feed hosts do. Runs in the foreground as a child
/// process and is stopped with SIGQUIT-equivalent termination on dispose.
/// </summary>
internal sealed class NginxFarmServer : IDisposable
{
    private static readonly string[] Locations = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private readonly Process _process;

    private NginxFarmServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static NginxFarmServer Start(string prefix, string feedsDirectory, int hosts, int port)
    {
        var nginx = Locations.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx-light)");
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var listens = new StringBuilder();
        for (var host = 0; host < hosts; host++)
        {
            listens.Append(CultureInfo.InvariantCulture, $"    listen {FeedFarm.HostAddress(host)}:{port};\n");
        }

        var user = Environment.UserName == "root" ? "user root;\n" : "";
        var config = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(config, $$"""
            {{user}}worker_processes 1;
            daemon off;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                default_type application/xml;
                sendfile on;
                keepalive_requests 100000;
                gzip on;
                gzip_types application/xml;
                gzip_min_length 256;
                etag on;
                client_body_temp_path {{prefix}}/body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                server {
            {{listens}}        root {{Path.GetDirectoryName(feedsDirectory)}};
                    location /feeds/ { }
                }
            }
            """);
        var process = Process.Start(new ProcessStartInfo(nginx, ["-p", prefix, "-c", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var server = new NginxFarmServer(process, port);
        server.WaitUntilListening();
        return server;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("nginx exited: " + _process.StandardError.ReadToEnd());
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("nginx did not start listening within 10 s");
    }
}
