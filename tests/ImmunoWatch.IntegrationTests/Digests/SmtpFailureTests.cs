using System.Net.Sockets;
using System.Text;
using ImmunoWatch.Delivery;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>SMTP failures after the data, a server without STARTTLS, and a connection cut after the final dot (T28, T29c).</summary>
public sealed class SmtpFailureTests
{
    private static async Task<Database> ServicesAsync(int port, string security)
    {
        var database = await Database.CreateAsync(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = security,
            ["Digests:TokenSecret"] = "test-secret-test-secret-test-secret-0123",
            ["Digests:SendWhenEmpty"] = "true",
        });
        await database.Get<SubscriberStore>().AddAsync(new Subscriber { Email = "reader@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None);
        return database;
    }

    private static async Task<OutboxRow> RowAsync(IServiceProvider services) =>
        Assert.Single(await services.GetRequiredService<DigestOutboxStore>().ListAsync(CancellationToken.None));

    [PostgresFact]
    public async Task A_451_after_the_data_retries_and_a_554_fails_without_retry()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var services = await ServicesAsync(smtp.Port, "None");
        var delivery = services.GetRequiredService<DigestDelivery>();

        smtp.RejectData = 451;
        Assert.Equal(1, (await delivery.RunAsync(null, CancellationToken.None)).Retrying);
        Assert.Equal("pending", (await RowAsync(services)).State);

        smtp.RejectData = 554;
        await using (var connection = await services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE digest_outbox SET next_attempt_at = now()");
        }

        Assert.Equal(1, (await delivery.RunAsync(null, CancellationToken.None)).Failed);
        var row = await RowAsync(services);
        Assert.Equal("failed", row.State);
        Assert.Contains("554", row.LastError, StringComparison.Ordinal);
        Assert.Equal(0, (await delivery.RunAsync(null, CancellationToken.None)).Sent);
        Assert.Empty(smtp.Received);
    }

    [PostgresFact]
    public async Task Required_tls_never_falls_back_to_plaintext()
    {
        await using var smtp = await TestSmtpServer.StartAsync(); // offers no STARTTLS
        await using var services = await ServicesAsync(smtp.Port, "StartTls");

        var summary = await services.GetRequiredService<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, summary.Retrying);
        Assert.Empty(smtp.Received);
        Assert.Contains("TLS", (await RowAsync(services)).LastError, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_421_at_the_greeting_defers_without_marking_anything_sent()
    {
        using var server = new RawTcpServer(async (stream, token) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("421 4.3.2 service not available, try later\r\n"), token);
            stream.Socket.Close();
        });
        await using var services = await ServicesAsync(server.Port, "None");

        var summary = await services.GetRequiredService<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, summary.Retrying);
        Assert.Equal(0, summary.Sent);
        var row = await RowAsync(services);
        Assert.Equal("pending", row.State);
        Assert.Null(row.SentAt);
    }

    [PostgresFact]
    public async Task A_connection_cut_after_the_final_dot_is_unknown_and_not_resent()
    {
        var messages = 0;
        using var server = new RawTcpServer(async (stream, token) =>
        {
            async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), token);
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            await Say("220 fake ESMTP");
            while (await reader.ReadLineAsync(token) is { } command)
            {
                if (command.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase))
                {
                    await Say("250 fake");
                }
                else if (command.StartsWith("DATA", StringComparison.OrdinalIgnoreCase))
                {
                    await Say("354 go ahead");
                    while (await reader.ReadLineAsync(token) is { } line && line != ".")
                    {
                    }

                    Interlocked.Increment(ref messages);
                    stream.Socket.Close(); // the message is in, but no reply ever comes
                    return;
                }
                else
                {
                    await Say("250 ok");
                }
            }
        });
        await using var services = await ServicesAsync(server.Port, "None");
        var delivery = services.GetRequiredService<DigestDelivery>();

        var first = await delivery.RunAsync(null, CancellationToken.None);
        var second = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, first.Unknown);
        Assert.Equal(0, second.Sent + second.Unknown + second.Retrying);
        Assert.Equal(1, messages);
        Assert.Equal("unknown", (await RowAsync(services)).State);
    }
}
