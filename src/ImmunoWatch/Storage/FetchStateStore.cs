using Dapper;
using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Tagging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The pollers' view of sources: claiming due sources (next poll moved forward before any fetch,
/// rows locked with SKIP LOCKED so concurrent pollers never take the same source) and recording
/// each poll's outcome. Items and the new validators are written in one transaction, so validators
/// are never saved for items that were not committed.
/// </summary>
public sealed class FetchStateStore(NpgsqlDataSource dataSource, ItemTagger tagger)
{
    /// <param name="now">The poller's clock.</param>
    /// <param name="lease">How long the claim holds; the source is not due again before then.</param>
    /// <param name="limit">Most sources to claim.</param>
    /// <param name="dueOnly">False to claim every enabled source that no one else holds (poll --all).</param>
    /// <param name="sourceId">Claim only this source.</param>
    /// <param name="exclude">Sources this run already polled.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<IReadOnlyList<ClaimedSource>> ClaimAsync(DateTimeOffset now, TimeSpan lease, int limit, bool dueOnly, long? sourceId, long[] exclude, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedSource>(new CommandDefinition(
            """
            WITH due AS (
                SELECT f.source_id
                FROM source_fetch_state f JOIN sources s ON s.id = f.source_id
                WHERE s.enabled
                  AND (f.lease_until IS NULL OR f.lease_until <= @now)
                  AND (NOT @dueOnly OR f.next_poll_at <= @now)
                  AND (@sourceId::bigint IS NULL OR s.id = @sourceId)
                  AND NOT (s.id = ANY(@exclude))
                ORDER BY f.next_poll_at, f.source_id
                LIMIT @limit
                FOR UPDATE OF f SKIP LOCKED
            )
            UPDATE source_fetch_state f
               SET lease_until = @leaseUntil, next_poll_at = greatest(f.next_poll_at, @leaseUntil)
              FROM due, sources s
             WHERE f.source_id = due.source_id AND s.id = due.source_id
            RETURNING s.id, s.url, s.name, s.poll_interval, f.etag, f.last_modified, f.consecutive_errors, f.current_interval
            """,
            new { now, leaseUntil = now + lease, limit, dueOnly, sourceId, exclude },
            cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>Stores the items of a successful fetch and the source's new state, atomically.</summary>
    public async Task<IngestCounts> RecordSuccessAsync(ClaimedSource source, SuccessfulPoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(poll);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await ItemStore.StoreAsync(connection, transaction, source.Id, poll.Items, tagger, cancellationToken);
        if (poll.MovedTo is { } newUrl && newUrl != source.Url)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE sources SET url = @newUrl, updated_at = now() WHERE id = @id;
                INSERT INTO source_url_history (source_id, old_url, new_url, reason) VALUES (@id, @oldUrl, @newUrl, 'permanent-redirect');
                """, new { id = source.Id, oldUrl = source.Url, newUrl }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE source_fetch_state
               SET etag = @etag, last_modified = @lastModified, next_poll_at = @nextPollAt, lease_until = NULL,
                   consecutive_errors = 0, last_success_at = @now, last_polled_at = @now, last_status = @status,
                   current_interval = @interval
             WHERE source_id = @id
            """,
            new
            {
                id = source.Id,
                etag = poll.StoreValidators ? poll.Etag : null,
                lastModified = poll.StoreValidators ? poll.LastModified : null,
                nextPollAt = poll.NextPollAt,
                now = poll.Now,
                status = poll.Status,
                interval = poll.Interval,
            }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>Records an unsuccessful poll; with <paramref name="disableReason"/> the source is also disabled.</summary>
    public async Task RecordFailureAsync(ClaimedSource source, string kind, string message, int? status, DateTimeOffset now, DateTimeOffset nextPollAt, string? disableReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE source_fetch_state
               SET consecutive_errors = consecutive_errors + 1, last_error = @message, last_error_kind = @kind,
                   last_error_at = @now, last_polled_at = @now, last_status = @status, next_poll_at = @nextPollAt, lease_until = NULL
             WHERE source_id = @id;
            UPDATE sources SET enabled = false, disabled_reason = @disableReason, updated_at = now()
             WHERE id = @id AND @disableReason::text IS NOT NULL;
            """,
            new { id = source.Id, kind, message, status, now, nextPollAt, disableReason }, cancellationToken: cancellationToken));
    }
}
