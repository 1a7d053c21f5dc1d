using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// The real `immunowatch digest send` killed at each point of delivery (T29), then run again:
/// never two digests for one subscriber and period, and none lost except where the outcome is
/// genuinely unknown (then the row says so and nothing is resent automatically).
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class CrashWindowTests
{
    [PostgresTheory]
    [InlineData("after-enqueue", 1, "sent")]
    [InlineData("after-smtp-accepted", 1, "unknown")]
    [InlineData("after-marked-sent", 1, "sent")]
    public async Task A_crash_at_any_point_never_sends_twice(string failpoint, int expectedMessages, string finalState)
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var connectionString = scratch.ConnectionString;

        var env = new Dictionary<string, string>(smtp.ProcessSettings())
        {
            ["ConnectionStrings__ImmunoWatch"] = connectionString,
            ["Digests__TokenSecret"] = "test-secret-test-secret-test-secret-0123",
            ["Digests__SendWhenEmpty"] = "true",
        };
        Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "subscribers", "add", "reader@clinic.example", "--weekday", "1", "--hour", "0")).ExitCode);

        var crashed = await WorkerProcess.RunAsync(new Dictionary<string, string>(env) { ["IMMUNOWATCH_FAILPOINT"] = failpoint }, TimeSpan.FromSeconds(60), "digest", "send");
        Assert.NotEqual(0, crashed.ExitCode);

        await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "digest", "send");
        await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "digest", "send");

        // A transmission cut off by the crash is resolved once its lease lapses: unknown, never resent.
        await using var check = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString });
        await using (var connection = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Npgsql.NpgsqlDataSource>(check).OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE digest_outbox SET claimed_until = now() - interval '1 minute' WHERE state IN ('claimed', 'transmitting')");
        }

        await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "digest", "send");

        Assert.Equal(expectedMessages, smtp.To("reader@clinic.example").Count);
        var row = Assert.Single(await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DigestOutboxStore>(check).ListAsync(CancellationToken.None));
        Assert.Equal(finalState, row.State);

        // Admins see what needs them.
        var outbox = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "digest", "outbox");
        Assert.Equal(0, outbox.ExitCode);
        Assert.Contains($" {finalState} ", outbox.Stdout, StringComparison.Ordinal);
        Assert.Contains(finalState == "unknown" ? "1 need an admin's attention" : "0 need an admin's attention", outbox.Stdout, StringComparison.Ordinal);
    }
}
