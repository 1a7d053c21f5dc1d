using System.Diagnostics;
using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// SIGTERM (a container runtime or systemd stopping the service) during a digest run, with a slow
/// SMTP server: the message in transmission is finished and recorded as sent, the digests not yet
/// begun go back to the queue at once, and the process exits well within its grace period.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class GracefulStopTests
{
    [PostgresFact]
    public async Task A_stop_during_a_transmission_finishes_it_and_releases_the_rest()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        // Longer than the 2 s System.CommandLine would have allowed a stopping process.
        smtp.DataReplyDelay = TimeSpan.FromSeconds(5);
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var connectionString = scratch.ConnectionString;
        var env = new Dictionary<string, string>(smtp.ProcessSettings())
        {
            ["ConnectionStrings__ImmunoWatch"] = connectionString,
            ["Digests__SendWhenEmpty"] = "true",
        };
        string[] readers = ["a@clinic.example", "b@clinic.example", "c@clinic.example"];
        foreach (var reader in readers)
        {
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "subscribers", "add", reader, "--weekday", "1", "--hour", "0")).ExitCode);
        }

        using (var sending = WorkerProcess.Start(env, "digest", "send"))
        {
            await smtp.DataArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var stopping = Stopwatch.StartNew();
            sending.Terminate();

            Assert.True(await sending.WaitForExitAsync(TimeSpan.FromSeconds(40)), "the process did not exit within its grace period");
            Assert.True(stopping.Elapsed >= TimeSpan.FromSeconds(3), $"exited after {stopping.Elapsed}: the transmission cannot have finished");
        }

        Assert.Single(smtp.Received);
        await using var services = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString });
        var outbox = services.GetRequiredService<DigestOutboxStore>();
        var rows = await outbox.ListAsync(CancellationToken.None);
        Assert.Equal(["pending", "pending", "sent"], rows.Select(r => r.State).Order(StringComparer.Ordinal));
        Assert.All(rows.Where(r => r.State == "pending"), r => Assert.Equal(0, r.Attempts));

        // The next run sends the two that were given back, and nobody gets a second digest.
        smtp.DataReplyDelay = TimeSpan.Zero;
        Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "digest", "send")).ExitCode);
        Assert.All(readers, reader => Assert.Single(smtp.To(reader)));
        Assert.All(await outbox.ListAsync(CancellationToken.None), r => Assert.Equal("sent", r.State));
    }
}
