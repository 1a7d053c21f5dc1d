using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The digest outbox: one row per (subscriber, period), so a period is never sent twice however
/// often or wherever the job runs. Rows are claimed with FOR UPDATE SKIP LOCKED under a lease.
/// </summary>
public sealed class DigestOutboxStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, subscriber_id, period_key, period_start, period_end, state, attempts, message_id, subject, html, text_body, item_count, watermark_to, last_error, sent_at, resolution";

    /// <returns>True when this call created the row (false: the period already has one).</returns>
    public async Task<bool> EnqueueAsync(long subscriberId, string periodKey, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO digest_outbox (subscriber_id, period_key, period_start, period_end)
            VALUES (@subscriberId, @periodKey, @start, @end)
            ON CONFLICT (subscriber_id, period_key) DO NOTHING
            """, new { subscriberId, periodKey, start, end }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Claims that lapsed, or that belong to a scheduler instance the cluster no longer knows (it
    /// stopped checking in and was recovered by the others): a claim that never reached SMTP is
    /// retried; a transmission that never finished becomes unknown.
    /// </summary>
    public async Task<int> RecoverAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_outbox SET state = 'pending', claimed_until = NULL, claimed_by = NULL
             WHERE state = 'claimed' AND (claimed_until < @now OR (claimed_by IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM qrtz_scheduler_state q WHERE q.instance_name = digest_outbox.claimed_by)));
            UPDATE digest_outbox SET state = 'unknown', claimed_until = NULL, claimed_by = NULL,
                   last_error = 'the sending process stopped during the SMTP transaction; it may have been delivered'
             WHERE state = 'transmitting' AND (claimed_until < @now OR (claimed_by IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM qrtz_scheduler_state q WHERE q.instance_name = digest_outbox.claimed_by)));
            """, new { now }, cancellationToken: cancellationToken));
    }

    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds if its holder is not known to have stopped.</param>
    /// <param name="limit">Rows claimed at most.</param>
    /// <param name="claimedBy">The scheduler instance claiming (null outside the clustered worker): its claims are taken over as soon as the cluster drops it.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    public async Task<IReadOnlyList<OutboxRow>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, string? claimedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            $"""
            UPDATE digest_outbox o SET state = 'claimed', claimed_until = @until, claimed_by = @claimedBy, attempts = o.attempts + 1
            FROM (SELECT id FROM digest_outbox WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED) due
            WHERE o.id = due.id
            RETURNING {string.Join(", ", Columns.Split(", ").Select(c => "o." + c))}
            """, new { now, until = now + lease, limit, claimedBy }, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>Gives claimed rows that never reached SMTP back to the queue (a stopping worker), as if never claimed.</summary>
    public async Task ReleaseAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_outbox SET state = 'pending', claimed_until = NULL, claimed_by = NULL, attempts = greatest(attempts - 1, 0) WHERE id = ANY(@ids) AND state = 'claimed'",
            new { ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>Keeps the rendered message, so a retry sends exactly the same one (same Message-ID).</summary>
    public async Task SaveContentAsync(long id, string messageId, string subject, string html, string text, int itemCount, DateTimeOffset watermarkTo, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE digest_outbox SET message_id = @messageId, subject = @subject, html = @html, text_body = @text, item_count = @itemCount, watermark_to = @watermarkTo WHERE id = @id",
            new { id, messageId, subject, html, text, itemCount, watermarkTo }, cancellationToken: cancellationToken));
    }

    public Task MarkTransmittingAsync(long id, DateTimeOffset until, CancellationToken cancellationToken) =>
        SetAsync("UPDATE digest_outbox SET state = 'transmitting', claimed_until = @until WHERE id = @id AND state = 'claimed'", new { id, until }, cancellationToken);

    /// <summary>Marks the row sent and moves the subscriber's watermark, in one transaction.</summary>
    public async Task MarkDeliveredAsync(long id, string state, string? response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_outbox SET state = @state, server_response = @response, sent_at = @now, claimed_until = NULL, last_error = NULL WHERE id = @id;
            UPDATE subscribers s SET watermark = greatest(coalesce(s.watermark, o.watermark_to), o.watermark_to), soft_bounces = 0, updated_at = now()
              FROM digest_outbox o WHERE o.id = @id AND s.id = o.subscriber_id AND o.watermark_to IS NOT NULL;
            """, new { id, state, response, now }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public Task MarkRetryAsync(long id, string error, DateTimeOffset next, CancellationToken cancellationToken) =>
        SetAsync("UPDATE digest_outbox SET state = 'pending', claimed_until = NULL, last_error = @error, next_attempt_at = @next WHERE id = @id", new { id, error, next }, cancellationToken);

    /// <summary>A permanent failure; with <paramref name="suppress"/> the recipient gets no further digests.</summary>
    public Task MarkFailedAsync(long id, string error, bool suppress, CancellationToken cancellationToken) =>
        SetAsync(
            """
            UPDATE digest_outbox SET state = 'failed', claimed_until = NULL, last_error = @error WHERE id = @id;
            UPDATE subscribers SET state = 'bounced', updated_at = now() WHERE @suppress AND id = (SELECT subscriber_id FROM digest_outbox WHERE id = @id);
            """, new { id, error, suppress }, cancellationToken);

    public Task MarkUnknownAsync(long id, string error, CancellationToken cancellationToken) =>
        SetAsync("UPDATE digest_outbox SET state = 'unknown', claimed_until = NULL, last_error = @error WHERE id = @id", new { id, error }, cancellationToken);

    /// <summary>
    /// An admin's decision on an <c>unknown</c> row: <paramref name="sent"/> confirms it arrived (the
    /// subscriber's watermark moves, as for any delivered digest); otherwise it is queued again, the
    /// same message with the same Message-ID. False when the row is not unknown (nothing changes).
    /// </summary>
    public async Task<bool> ResolveUnknownAsync(long id, bool sent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var resolved = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE digest_outbox
               SET state = CASE WHEN @sent THEN 'sent' ELSE 'pending' END,
                   resolution = CASE WHEN @sent THEN 'sent' ELSE 'resend' END, resolved_at = @now,
                   sent_at = CASE WHEN @sent THEN @now ELSE sent_at END,
                   next_attempt_at = @now, claimed_until = NULL
             WHERE id = @id AND state = 'unknown'
            """, new { id, sent, now }, transaction, cancellationToken: cancellationToken));
        if (resolved == 1 && sent)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE subscribers s SET watermark = greatest(coalesce(s.watermark, o.watermark_to), o.watermark_to), updated_at = now()
                  FROM digest_outbox o WHERE o.id = @id AND s.id = o.subscriber_id AND o.watermark_to IS NOT NULL
                """, new { id }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return resolved == 1;
    }

    public async Task<OutboxRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition($"SELECT {Columns} FROM digest_outbox WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The rows in a state (every state when null), newest first, at most <paramref name="limit"/>: without their message bodies.</summary>
    public async Task<IReadOnlyList<OutboxSummary>> ListSummariesAsync(string? state, int limit, CancellationToken cancellationToken, long? subscriberId = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OutboxSummary>(new CommandDefinition(
            """
            SELECT o.id, o.subscriber_id, s.email, o.period_key, o.state, o.attempts, o.subject, o.item_count, o.last_error, o.sent_at, o.resolution
            FROM digest_outbox o JOIN subscribers s ON s.id = o.subscriber_id
            WHERE (@state::text IS NULL OR o.state = @state) AND (@subscriberId::bigint IS NULL OR o.subscriber_id = @subscriberId)
            ORDER BY o.id DESC
            LIMIT @limit
            """, new { state, limit, subscriberId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>How many rows are in each state.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, count(*) FROM digest_outbox GROUP BY state", cancellationToken: cancellationToken))).ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<OutboxRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OutboxRow>(new CommandDefinition($"SELECT {Columns} FROM digest_outbox ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }

    private async Task SetAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }
}
