using ImmunoWatch.Delivery;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>A digest that cannot be prepared is set aside with its error; the others in the run are sent.</summary>
public sealed class DigestIsolationTests
{
    [PostgresFact]
    public async Task One_digest_that_cannot_be_kept_does_not_hold_up_the_others()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var db = await Database.CreateAsync(new Dictionary<string, string?>(DigestDeliveryTests.Settings(smtp)) { ["Digests:SendWhenEmpty"] = "true" });
        var store = db.Get<SubscriberStore>();
        long[] ids =
        [
            await store.AddAsync(new Subscriber { Email = "first@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None),
            await store.AddAsync(new Subscriber { Email = "broken@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None),
            await store.AddAsync(new Subscriber { Email = "last@clinic.example", SendWeekday = 1, SendHour = 0 }, CancellationToken.None),
        ];
        // Keeping the rendered message of the middle subscriber's digest fails inside the database.
        await db.ExecuteAsync(
            $"""
            CREATE FUNCTION refuse_content() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'content refused for subscriber %', NEW.subscriber_id; END $$;
            CREATE TRIGGER refuse_content BEFORE UPDATE OF html ON digest_outbox
              FOR EACH ROW WHEN (NEW.subscriber_id = {ids[1]} AND NEW.html IS NOT NULL) EXECUTE FUNCTION refuse_content();
            """);
        var delivery = db.Get<DigestDelivery>();

        var first = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(2, first.Sent);
        Assert.Equal(1, first.Retrying);
        Assert.Single(smtp.To("first@clinic.example"));
        Assert.Single(smtp.To("last@clinic.example"));
        var broken = Assert.Single(await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None), r => r.SubscriberId == ids[1]);
        Assert.Equal("pending", broken.State);
        Assert.Contains("content refused for subscriber", broken.LastError, StringComparison.Ordinal);
        Assert.True(await db.ScalarAsync<bool>("SELECT next_attempt_at > now() FROM digest_outbox WHERE id = @id", new { id = broken.Id }), "set aside with a backoff, not retried at once");

        // Once the cause is gone and the backoff has passed, it goes out like the others, once.
        await db.ExecuteAsync("DROP TRIGGER refuse_content ON digest_outbox; UPDATE digest_outbox SET next_attempt_at = now() WHERE state = 'pending'");
        var second = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, second.Sent);
        Assert.Single(smtp.To("broken@clinic.example"));
        Assert.Equal(3, smtp.Received.Count);
    }
}
