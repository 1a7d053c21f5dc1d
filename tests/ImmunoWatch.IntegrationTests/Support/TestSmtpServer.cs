using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1 and a free port. MailKit talks to it
/// over a socket; the test reads back what it received. Recipients can be made to fail with a
/// chosen reply code.
/// </summary>
internal sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>How long the server waits, with the whole message received, before it replies (a slow server).</summary>
    public TimeSpan DataReplyDelay { get; set; }

    /// <summary>Completes when a message's data has arrived, before the reply to it.</summary>
    public TaskCompletionSource DataArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the reply to the message data (after the final dot), e.g. 451 or 554.</summary>
    public int? RejectData { get; set; }

    /// <summary>Reply code per recipient address for RCPT TO (e.g. 550, 452).</summary>
    public ConcurrentDictionary<string, int> RejectRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The environment that points an <c>immunowatch</c> process at this server (plain SMTP on loopback).</summary>
    public Dictionary<string, string> ProcessSettings() => new()
    {
        ["Smtp__Host"] = "127.0.0.1",
        ["Smtp__Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp__Security"] = "None",
    };

    public static async Task<TestSmtpServer> StartAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var server = new TestSmtpServer(port);
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return server;
    }

    public IReadOnlyList<MimeMessage> To(string address) => Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // stopping
        }

        _stop.Dispose();
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(SmtpServer.ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            owner.DataArrived.TrySetResult();
            if (owner.DataReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(owner.DataReplyDelay, cancellationToken);
            }

            if (owner.RejectData is { } code)
            {
                return new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.6.0 message refused" : "4.3.0 try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            owner.Received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(TestSmtpServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(SmtpServer.ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = $"{to.User}@{to.Host}";
            if (owner.RejectRecipients.TryGetValue(address, out var code))
            {
                throw new SmtpResponseException(new SmtpResponse((SmtpReplyCode)code, code >= 500 ? "5.1.1 no such user" : "4.2.2 mailbox full"));
            }

            return Task.FromResult(true);
        }
    }
}
