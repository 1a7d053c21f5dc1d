using System.Globalization;
using ImmunoWatch.Delivery;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>
/// Which items a digest's window takes: every item first seen after the last delivered digest ends
/// up in exactly one digest, whether its feed listed it late or its ingest was still committing
/// while a digest was being read.
/// </summary>
public sealed class DigestWindowTests
{
    private static string Feed(params (string Guid, string Title, DateTimeOffset Published)[] items) =>
        "<rss version=\"2.0\"><channel><title>Immunotherapy journal</title>"
        + string.Concat(items.Select(i => $"<item><guid>{i.Guid}</guid><title>{i.Title}</title><link>https://journal.example/{i.Guid}</link>"
            + $"<pubDate>{i.Published.ToString("r", CultureInfo.InvariantCulture)}</pubDate><description>Checkpoint blockade with PD-1 antibodies in melanoma.</description></item>"))
        + "</channel></rss>";

    private static Task<long> SubscribeAsync(Database db) =>
        db.Get<SubscriberStore>().AddAsync(new Subscriber { Email = "skin@clinic.example", Name = "Dr. Test", Audience = Audiences.Clinician, Followed = ["SKIN"], WantsTrials = false, SendWeekday = 1, SendHour = 0 }, CancellationToken.None);

    [PostgresFact]
    public async Task An_item_dated_before_the_last_digest_but_first_seen_after_it_is_in_the_next()
    {
        // The feed dated the article two hours ago; the last digest went out an hour ago; the poll
        // found the article only now. It is news to the subscriber. A backlog item dated three weeks
        // back is not (more than Digests:LateArrivalDays, 14, before the period began).
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var db = await Database.CreateAsync(DigestDeliveryTests.Settings(smtp));
        var id = await SubscribeAsync(db);
        var lastDigest = DateTimeOffset.UtcNow.AddHours(-1);
        await db.ExecuteAsync("UPDATE subscribers SET watermark = @lastDigest WHERE id = @id", new { lastDigest, id });
        var claimed = await Ingest.AddAndClaimAsync(db, "https://journal.example/rss");
        var feed = Ingest.Parse(Feed(
            ("late", "Pembrolizumab after resection of stage III melanoma", DateTimeOffset.UtcNow.AddHours(-2)),
            ("ten-days", "Nivolumab plus relatlimab in advanced melanoma", DateTimeOffset.UtcNow.AddDays(-10)),
            ("backlog", "Ipilimumab in metastatic melanoma: an older report", DateTimeOffset.UtcNow.AddDays(-21))), "https://journal.example/");
        await db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Ingest.Poll(feed), CancellationToken.None);

        var summary = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, summary.Sent);
        var text = Assert.Single(smtp.Received).TextBody;
        Assert.Contains("Pembrolizumab after resection of stage III melanoma", text, StringComparison.Ordinal);
        Assert.Contains("Nivolumab plus relatlimab in advanced melanoma", text, StringComparison.Ordinal);
        Assert.DoesNotContain("an older report", text, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task An_ingest_still_committing_while_a_digest_is_read_reaches_the_next_digest()
    {
        // The ingest has written its item when a digest run reads the items, but waits on a lock
        // before it can commit. The digest cannot see the item; the next one must send it.
        await using var smtp = await TestSmtpServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var db = await Database.CreateAsync(DigestDeliveryTests.Settings(smtp), clock);
        await SubscribeAsync(db);
        var claimed = await Ingest.AddAndClaimAsync(db, "https://journal.example/rss");
        var feed = Ingest.Parse(Feed(("slow", "Adjuvant pembrolizumab in resected melanoma", DateTimeOffset.UtcNow.AddHours(-1))), "https://journal.example/");

        await using var holder = new NpgsqlConnection(db.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        // A table lock takes no transaction id, so only the ingest counts as a running writer.
        await Dapper.SqlMapper.ExecuteAsync(holder, "LOCK TABLE sources IN EXCLUSIVE MODE", transaction: hold);
        var ingest = db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Ingest.Poll(feed), CancellationToken.None);
        await WaitForLockWaitAsync(db);
        clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(1));

        var first = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);
        await hold.CommitAsync();
        await ingest.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromDays(7));
        var second = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal((1, 0), (first.Empty, first.Sent));
        Assert.Equal(1, second.Sent);
        Assert.Contains("Adjuvant pembrolizumab in resected melanoma", Assert.Single(smtp.Received).TextBody, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Items_written_by_a_transaction_that_read_first_reach_the_next_digest()
    {
        // A transaction that began, read, and wrote its item only after a digest run was read is
        // not a writer the run could see. Its item is stamped when written (migration 0020), after
        // the run's horizon, so the next digest has it; stamped with the transaction's start it
        // would fall behind the run's window and into none.
        await using var smtp = await TestSmtpServer.StartAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var db = await Database.CreateAsync(DigestDeliveryTests.Settings(smtp), clock);
        await SubscribeAsync(db);
        var sourceId = (await Ingest.AddAndClaimAsync(db, "https://journal.example/rss")).Id;
        var feed = Ingest.Parse(Feed(("read-first", "Adjuvant pembrolizumab in resected melanoma", DateTimeOffset.UtcNow.AddHours(-1))), "https://journal.example/");

        await using var writer = new NpgsqlConnection(db.ConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        Assert.Equal(1, await Dapper.SqlMapper.ExecuteScalarAsync<int>(writer, "SELECT count(*)::int FROM sources", transaction: transaction));
        clock.SetUtcNow(DateTimeOffset.UtcNow.AddMinutes(1));
        var first = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);
        await ItemStore.StoreAsync(writer, transaction, sourceId, Ingest.Poll(feed).Items, CancellationToken.None);
        await transaction.CommitAsync();
        clock.Advance(TimeSpan.FromDays(7));
        var second = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal((1, 0), (first.Empty, first.Sent));
        Assert.Equal(1, second.Sent);
        Assert.Contains("Adjuvant pembrolizumab in resected melanoma", Assert.Single(smtp.Received).TextBody, StringComparison.Ordinal);
    }

    private static async Task WaitForLockWaitAsync(Database db)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Waiting with a transaction id: it has written (the item row, whose foreign key to its
        // source is what waits for the lock).
        while (await db.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the ingest never reached the lock");
            await Task.Delay(20);
        }
    }
}
