using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// An admin settles a digest whose delivery is unknown (the sender died after the SMTP server took
/// it): <c>digest outbox resolve ID --sent</c> or <c>--resend</c>, recorded on the row.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class OutboxResolveTests
{
    [PostgresTheory]
    [InlineData("--sent", 1, "sent")]
    [InlineData("--resend", 2, "resend")]
    public async Task An_unknown_digest_is_marked_sent_or_sent_again_once(string decision, int messages, string resolution)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var connectionString = scratch.ConnectionString;
        var env = new Dictionary<string, string>(smtp.ProcessSettings())
        {
            ["ConnectionStrings__ImmunoWatch"] = connectionString,
            ["Digests__SendWhenEmpty"] = "true",
        };
        Assert.Equal(0, (await Cli(env, "subscribers", "add", "reader@clinic.example", "--weekday", "1", "--hour", "0")).ExitCode);
        Assert.NotEqual(0, (await Cli(new Dictionary<string, string>(env) { ["IMMUNOWATCH_FAILPOINT"] = "after-smtp-accepted" }, "digest", "send")).ExitCode);
        await using var services = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString });
        var outbox = services.GetRequiredService<DigestOutboxStore>();
        await using (var connection = await services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE digest_outbox SET claimed_until = now() - interval '1 minute'");
        }

        await Cli(env, "digest", "send");
        var row = Assert.Single(await outbox.ListAsync(CancellationToken.None));
        Assert.Equal("unknown", row.State);
        var id = row.Id.ToString(CultureInfo.InvariantCulture);

        var both = await Cli(env, "digest", "outbox", "resolve", id, "--sent", "--resend");
        var resolved = await Cli(env, "digest", "outbox", "resolve", id, decision);
        var again = await Cli(env, "digest", "outbox", "resolve", id, decision);
        await Cli(env, "digest", "send");
        await Cli(env, "digest", "send");

        Assert.Equal(2, both.ExitCode);
        Assert.True(resolved.ExitCode == 0, resolved.Stderr);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is not unknown", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(messages, smtp.To("reader@clinic.example").Count);
        var settled = Assert.Single(await outbox.ListAsync(CancellationToken.None));
        Assert.Equal("sent", settled.State);
        Assert.Equal(resolution, settled.Resolution);
        await using (var connection = await services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            Assert.True(await Dapper.SqlMapper.ExecuteScalarAsync<bool>(connection, "SELECT watermark IS NOT NULL FROM subscribers"), "the subscriber's next digest starts after this one");
        }

        var listing = await Cli(env, "digest", "outbox");
        Assert.Contains($"[admin: {resolution}]", listing.Stdout, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> Cli(Dictionary<string, string> env, params string[] args) =>
        WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), args);
}
