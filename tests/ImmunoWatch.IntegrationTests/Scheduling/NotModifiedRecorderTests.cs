using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Storage;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>
/// Unchanged (304) polls recorded in groups: fewer writes than polls, each result still fenced by
/// its own claim, and every caller told the outcome of the write that carried its result.
/// </summary>
public sealed class NotModifiedRecorderTests
{
    private static SuccessfulPoll NotModified(string etag, DateTimeOffset now) => new()
    {
        Etag = etag,
        LastModified = "Tue, 01 Dec 2026 10:00:00 GMT",
        Status = 304,
        Now = now,
        NextPollAt = now.AddMinutes(45),
        Interval = TimeSpan.FromMinutes(45),
    };

    [PostgresFact]
    public async Task Unchanged_polls_finishing_together_share_writes_and_each_is_recorded()
    {
        await using var db = await Database.CreateAsync(new Dictionary<string, string?> { ["Polling:StoreConcurrency"] = "1" });
        const int count = 40;
        var claimed = new List<ClaimedSource>();
        for (var i = 0; i < count; i++)
        {
            claimed.Add(await Ingest.AddAndClaimAsync(db, $"https://example.org/{i}.rss"));
        }

        var recorder = db.Get<NotModifiedRecorder>();
        var now = DateTimeOffset.UtcNow;
        // The only store slot is busy (as behind another poll's write) while the 40 results arrive.
        var slotFree = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = db.Get<StoreLimiter>().RunAsync(async () => { await slotFree.Task; return 0; }, CancellationToken.None);
        var writes = await NpgsqlCommands.CountAsync(async () =>
        {
            var recording = claimed.Select(s => recorder.RecordAsync(s, NotModified($"\"e{s.Id}\"", now), CancellationToken.None)).ToList();
            Assert.All(recording, r => Assert.False(r.IsCompleted));
            slotFree.SetResult();
            await busy;
            await Task.WhenAll(recording);
        });

        // One write per poll would be 40 commands; the next slot holder writes everything queued.
        Assert.Equal(1, writes);
        Assert.Equal(count, await db.ScalarAsync<long>(
            """
            SELECT count(*) FROM source_fetch_state
            WHERE last_status = 304 AND lease_until IS NULL AND etag = '"e' || source_id || '"'
              AND last_modified = 'Tue, 01 Dec 2026 10:00:00 GMT' AND consecutive_errors = 0
              AND current_interval = interval '45 minutes' AND next_poll_at > now() + interval '40 minutes'
            """));
    }

    [PostgresFact]
    public async Task A_result_whose_claim_was_taken_over_is_refused_while_the_others_of_its_write_are_recorded()
    {
        await using var db = await Database.CreateAsync(new Dictionary<string, string?> { ["Polling:StoreConcurrency"] = "1" });
        var kept = await Ingest.AddAndClaimAsync(db, "https://example.org/kept.rss");
        var lost = await Ingest.AddAndClaimAsync(db, "https://example.org/lost.rss");
        var other = await Ingest.AddAndClaimAsync(db, "https://example.org/other.rss");
        // Another poller's claim replaced this one (its lease had lapsed).
        await db.ExecuteAsync("UPDATE source_fetch_state SET claim_token = gen_random_uuid() WHERE source_id = @id", new { id = lost.Id });

        var recorder = db.Get<NotModifiedRecorder>();
        var now = DateTimeOffset.UtcNow;
        var results = new[] { kept, lost, other }.Select(s => recorder.RecordAsync(s, NotModified("\"x\"", now), CancellationToken.None)).ToList();

        await results[0];
        await results[2];
        var refused = await Assert.ThrowsAsync<ClaimLostException>(() => results[1]);
        Assert.Contains(lost.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.ScalarAsync<long>("SELECT count(*) FROM source_fetch_state WHERE last_status = 304"));
        // The newer claim is untouched: still leased, nothing recorded over it.
        Assert.Equal(1, await db.ScalarAsync<long>(
            "SELECT count(*) FROM source_fetch_state WHERE source_id = @id AND last_status IS NULL AND lease_until > now() AND etag IS NULL", new { id = lost.Id }));
    }

    [PostgresFact]
    public async Task A_failed_write_reports_its_error_to_every_poll_it_carried_and_records_none()
    {
        await using var db = await Database.CreateAsync(new Dictionary<string, string?> { ["Polling:StoreConcurrency"] = "1" });
        var claimed = new List<ClaimedSource>();
        for (var i = 0; i < 3; i++)
        {
            claimed.Add(await Ingest.AddAndClaimAsync(db, $"https://example.org/{i}.rss"));
        }

        // The write cannot succeed: the column it sets is gone for the moment.
        await db.ExecuteAsync("ALTER TABLE source_fetch_state RENAME COLUMN last_status TO last_status_away");
        var recorder = db.Get<NotModifiedRecorder>();
        var now = DateTimeOffset.UtcNow;
        var results = claimed.Select(s => recorder.RecordAsync(s, NotModified("\"x\"", now), CancellationToken.None)).ToList();
        foreach (var result in results)
        {
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => result);
            Assert.Equal(Npgsql.PostgresErrorCodes.UndefinedColumn, error.SqlState);
        }

        await db.ExecuteAsync("ALTER TABLE source_fetch_state RENAME COLUMN last_status_away TO last_status");
        Assert.Equal(0, await db.ScalarAsync<long>("SELECT count(*) FROM source_fetch_state WHERE last_status IS NOT NULL OR etag IS NOT NULL"));
    }
}
