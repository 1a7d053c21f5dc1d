using System.Globalization;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// Three real workers; the one running the digest job is killed (SIGKILL) in the middle of an SMTP
/// transmission. The other two take the job and its claimed rows over once the cluster drops the dead
/// one (the check-in threshold), send the digests it had not begun, and mark the one it was sending
/// unknown: nothing is sent twice and nothing is lost without trace.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class DigestFailoverTests
{
    [PostgresFact]
    public async Task Killing_the_sending_worker_hands_its_digests_to_the_others_and_sends_none_twice()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        smtp.DataReplyDelay = TimeSpan.FromSeconds(30); // the first transmission hangs until the kill
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string>(smtp.ProcessSettings())
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = "http://127.0.0.1:0",
            ["Digests__SendWhenEmpty"] = "true",
            ["Scheduler__CheckinInterval"] = "00:00:01",
            ["Scheduler__CheckinMisfireThreshold"] = "00:00:03",
            ["Scheduler__IdleWaitTime"] = "00:00:01",
        };
        string[] readers = ["a@clinic.example", "b@clinic.example", "c@clinic.example"];
        foreach (var reader in readers)
        {
            Assert.Equal(0, (await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "subscribers", "add", reader, "--weekday", "1", "--hour", "0")).ExitCode);
        }

        using var sender = WorkerProcess.Start(env, "run");
        await smtp.DataArrived.Task.WaitAsync(TimeSpan.FromSeconds(90));
        using var second = WorkerProcess.Start(env, "run");
        using var third = WorkerProcess.Start(env, "run");
        await Task.Delay(TimeSpan.FromSeconds(4)); // both have joined the cluster
        smtp.DataReplyDelay = TimeSpan.Zero;
        var killed = DateTime.UtcNow;
        sender.Kill();

        await using var services = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = db.ConnectionString });
        var outbox = services.GetRequiredService<DigestOutboxStore>();
        IReadOnlyList<OutboxRow> rows = [];
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            Assert.False(second.HasExited || third.HasExited, string.Join('\n', second.Output.Concat(third.Output)));
            rows = await outbox.ListAsync(CancellationToken.None);
            if (rows.Count == 3 && rows.Count(r => r.State == "sent") == 2 && rows.Any(r => r.State == "unknown"))
            {
                break;
            }
        }

        var tookOver = DateTime.UtcNow - killed;
        Assert.Equal(["sent", "sent", "unknown"], rows.Select(r => r.State).Order(StringComparer.Ordinal));
        Assert.True(tookOver < TimeSpan.FromSeconds(45), $"taken over after {tookOver.TotalSeconds:0} s, not within the check-in threshold and a tick");
        // The message cut off by the kill may still have reached the server, once; nobody gets two.
        Assert.All(readers, reader => Assert.InRange(smtp.To(reader).Count, 0, 1));
        var unknown = rows.Single(r => r.State == "unknown");
        foreach (var sent in rows.Where(r => r.State == "sent"))
        {
            var subscriber = await services.GetRequiredService<SubscriberStore>().GetAsync(sent.SubscriberId, CancellationToken.None);
            Assert.Single(smtp.To(subscriber!.Email));
        }

        Assert.Contains("stopped during the SMTP transaction", unknown.LastError, StringComparison.Ordinal);
    }
}
