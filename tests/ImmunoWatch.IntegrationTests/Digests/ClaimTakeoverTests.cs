using ImmunoWatch.Delivery;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// Digest rows claimed by a worker the cluster has dropped (it stopped checking in, and Quartz removed
/// it from qrtz_scheduler_state) are taken over at the next run, not after their ten-minute lease; a
/// live worker's claims are left alone, and a transmission the dropped worker had begun is unknown,
/// never resent.
/// </summary>
public sealed class ClaimTakeoverTests
{
    [PostgresFact]
    public async Task Claims_of_a_dropped_instance_are_taken_over_at_once_and_a_live_ones_are_not()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var db = await Database.CreateAsync(new Dictionary<string, string?>(DigestDeliveryTests.Settings(smtp)) { ["Digests:SendWhenEmpty"] = "true" });
        var store = db.Get<SubscriberStore>();
        var dropped = await store.AddAsync(new Subscriber { Email = "dropped@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None);
        var live = await store.AddAsync(new Subscriber { Email = "live@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None);
        var halfSent = await store.AddAsync(new Subscriber { Email = "half@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None);
        var outbox = db.Get<DigestOutboxStore>();

        // The rows carry the period the run itself would enqueue (this week's), so it adds none of its own.
        var period = DigestPeriod.Ending(DateTimeOffset.UtcNow, Cadences.Weekly, "UTC");
        foreach (var id in new[] { dropped, live, halfSent })
        {
            Assert.True(await outbox.EnqueueAsync(id, period.Key, period.Start, period.End, CancellationToken.None));
        }

        // Claimed by two instances, leases far from lapsing; only "node-live" still checks in.
        await db.ExecuteAsync(
            """
            INSERT INTO qrtz_scheduler_state (sched_name, instance_name, last_checkin_time, checkin_interval) VALUES ('immunowatch', 'node-live', 0, 5000);
            UPDATE digest_outbox o SET state = CASE WHEN s.email = 'half@clinic.example' THEN 'transmitting' ELSE 'claimed' END,
                   claimed_until = now() + interval '10 minutes',
                   claimed_by = CASE WHEN s.email = 'live@clinic.example' THEN 'node-live' ELSE 'node-dropped' END
              FROM subscribers s WHERE s.id = o.subscriber_id;
            """);

        var summary = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None, "node-here");

        Assert.Equal(0, summary.Enqueued);
        Assert.Equal(1, summary.Sent);
        Assert.Single(smtp.To("dropped@clinic.example"));
        Assert.Empty(smtp.To("live@clinic.example"));
        Assert.Empty(smtp.To("half@clinic.example"));
        var rows = (await outbox.ListAsync(CancellationToken.None)).ToDictionary(r => r.SubscriberId, r => r.State);
        Assert.Equal("sent", rows[dropped]);
        Assert.Equal("claimed", rows[live]);
        Assert.Equal("unknown", rows[halfSent]);
    }
}
