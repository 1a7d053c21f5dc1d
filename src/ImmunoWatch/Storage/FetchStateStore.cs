using Dapper;
using ImmunoWatch.Processing;
using ImmunoWatch.Scheduling;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The pollers' view of sources: claiming due sources (next poll moved forward before any fetch,
/// rows locked with SKIP LOCKED so concurrent pollers never take the same source, each claim named
/// by a fresh token) and recording each poll's outcome only while that claim is still the current
/// one. Items and the new validators are written in one transaction, so validators are never saved
/// for items that were not committed.
/// </summary>
public sealed class FetchStateStore(NpgsqlDataSource dataSource, ILogger<FetchStateStore> logger)
{
    /// <summary>Deadlock, serialization failure, and a study merged away under a concurrent ingest: the store is retried.</summary>
    private static readonly string[] RetriedStates = [PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.ForeignKeyViolation];
    private const int MaxAttempts = 4;

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
               SET lease_until = @leaseUntil, next_poll_at = greatest(f.next_poll_at, @leaseUntil), claim_token = gen_random_uuid()
              FROM due, sources s
             WHERE f.source_id = due.source_id AND s.id = due.source_id
            RETURNING s.id, s.url, s.name, s.poll_interval, f.etag, f.last_modified, f.consecutive_errors, f.current_interval,
                      f.claim_token, f.sync_cursor
            """,
            new { now, leaseUntil = now + lease, limit, dueOnly, sourceId, exclude },
            cancellationToken: cancellationToken));
        return rows.Select(r => r with { ClaimedAt = now }).OrderBy(r => r.Id).ToList();
    }

    /// <summary>Extends a claim that is still held (a fetch starting late, behind the per-host limit).</summary>
    /// <returns>False when the claim has lapsed and another poll holds the source.</returns>
    public async Task<bool> ExtendClaimAsync(ClaimedSource source, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE source_fetch_state SET lease_until = @leaseUntil, next_poll_at = greatest(next_poll_at, @leaseUntil)
            WHERE source_id = @id AND claim_token = @token
            """, new { id = source.Id, token = source.ClaimToken, leaseUntil }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Stores the items of a successful fetch and the source's new state, atomically, in a constant
    /// number of round trips. Throws <see cref="ClaimLostException"/> (recording nothing) when the
    /// claim has lapsed and the source was claimed again.
    /// </summary>
    public async Task<IngestCounts> RecordSuccessAsync(ClaimedSource source, SuccessfulPoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(poll);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RecordSuccessOnceAsync(source, poll, cancellationToken);
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && RetriedStates.Contains(ex.SqlState))
            {
                StorageLog.StoreRetried(logger, source.Id, ex.SqlState, ex.MessageText, attempt + 1);
            }
        }
    }

    private async Task<IngestCounts> RecordSuccessOnceAsync(ClaimedSource source, SuccessfulPoll poll, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (poll.Items.Count == 0 && poll.MovedTo is null)
        {
            // A 304 or an empty document: one fenced statement, no transaction.
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                StateUpdate + " AND claim_token = @token", StateParameters(source, poll), cancellationToken: cancellationToken));
            return updated == 1 ? new IngestCounts(0, 0) : throw new ClaimLostException(source.Id);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The fence: the state row stays locked until commit, so a new claim cannot slip in between.
        var held = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT claim_token = @token FROM source_fetch_state WHERE source_id = @id FOR UPDATE",
            new { id = source.Id, token = source.ClaimToken }, transaction, cancellationToken: cancellationToken));
        if (held != true)
        {
            throw new ClaimLostException(source.Id);
        }

        var counts = await ItemStore.StoreAsync(connection, transaction, source.Id, poll.Items, cancellationToken);
        await TrialStore.StoreAsync(connection, transaction, poll.Items, poll.Now, cancellationToken);
        await ArticleStore.StoreAsync(connection, transaction, poll.Items, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            StateUpdate + ";" + UrlMove, StateParameters(source, poll), transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>
    /// Records many unchanged (304) polls in one statement, each only while its claim is still held.
    /// Nothing else changes for such a poll, so no transaction is needed: each row is its own fence.
    /// </summary>
    /// <returns>The sources recorded; any other lost its claim to a newer one.</returns>
    public async Task<IReadOnlySet<long>> RecordNotModifiedAsync(IReadOnlyList<NotModifiedPoll> polls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(polls);
        // One order for every writer: rows are locked in source order, so two batches never wait on each other in a cycle.
        var sorted = polls.OrderBy(p => p.Source.Id).ToList();
        var parameters = new
        {
            ids = sorted.Select(p => p.Source.Id).ToArray(),
            tokens = sorted.Select(p => p.Source.ClaimToken).ToArray(),
            etags = sorted.Select(p => p.Poll.StoreValidators ? p.Poll.Etag : null).ToArray(),
            lastModifieds = sorted.Select(p => p.Poll.StoreValidators ? p.Poll.LastModified : null).ToArray(),
            nextPollAts = sorted.Select(p => p.Poll.NextPollAt).ToArray(),
            nows = sorted.Select(p => p.Poll.Now).ToArray(),
            statuses = sorted.Select(p => p.Poll.Status).ToArray(),
            intervals = sorted.Select(p => p.Poll.Interval).ToArray(),
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                var recorded = await connection.QueryAsync<long>(new CommandDefinition(
                    """
                    UPDATE source_fetch_state f
                       SET etag = u.etag, last_modified = u.last_modified, next_poll_at = u.next_poll_at, lease_until = NULL,
                           consecutive_errors = 0, last_success_at = u.now, last_polled_at = u.now, last_status = u.status,
                           current_interval = u.poll_interval
                      FROM unnest(@ids::bigint[], @tokens::uuid[], @etags::text[], @lastModifieds::text[], @nextPollAts::timestamptz[],
                                  @nows::timestamptz[], @statuses::int[], @intervals::interval[])
                           AS u(id, token, etag, last_modified, next_poll_at, now, status, poll_interval)
                     WHERE f.source_id = u.id AND f.claim_token = u.token
                    RETURNING f.source_id
                    """, parameters, cancellationToken: cancellationToken));
                return recorded.ToHashSet();
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && RetriedStates.Contains(ex.SqlState))
            {
                StorageLog.StoreRetried(logger, sorted[0].Source.Id, ex.SqlState, ex.MessageText, attempt + 1);
            }
        }
    }

    /// <summary>
    /// Stores one page of a paged pass (an API source) and extends the claim, atomically, without
    /// finishing the poll: a pass cut short keeps the pages written, and its next poll starts the
    /// pass again from its cursor. Throws <see cref="ClaimLostException"/> when the claim has lapsed.
    /// </summary>
    public async Task<IngestCounts> RecordPageAsync(ClaimedSource source, IReadOnlyList<ProcessedItem> items, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(items);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var held = await connection.ExecuteScalarAsync<bool?>(new CommandDefinition(
                    """
                    UPDATE source_fetch_state SET lease_until = @leaseUntil, next_poll_at = greatest(next_poll_at, @leaseUntil)
                    WHERE source_id = @id AND claim_token = @token
                    RETURNING true
                    """,
                    new { id = source.Id, token = source.ClaimToken, leaseUntil }, transaction, cancellationToken: cancellationToken));
                if (held != true)
                {
                    throw new ClaimLostException(source.Id);
                }

                var counts = await ItemStore.StoreAsync(connection, transaction, source.Id, items, cancellationToken);
                await TrialStore.StoreAsync(connection, transaction, items, now, cancellationToken);
                await ArticleStore.StoreAsync(connection, transaction, items, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return counts;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && RetriedStates.Contains(ex.SqlState))
            {
                StorageLog.StoreRetried(logger, source.Id, ex.SqlState, ex.MessageText, attempt + 1);
            }
        }
    }

    private const string StateUpdate =
        """
        UPDATE source_fetch_state
           SET etag = @etag, last_modified = @lastModified, next_poll_at = @nextPollAt, lease_until = NULL,
               consecutive_errors = 0, last_success_at = @now, last_polled_at = @now, last_status = @status,
               current_interval = @interval, sync_cursor = COALESCE(@syncCursor, sync_cursor)
         WHERE source_id = @id
        """;

    private const string UrlMove =
        """
        UPDATE sources SET url = @newUrl, updated_at = now() WHERE id = @id AND @newUrl::text IS NOT NULL AND url <> @newUrl;
        INSERT INTO source_url_history (source_id, old_url, new_url, reason)
        SELECT @id, @oldUrl, @newUrl, 'permanent-redirect' WHERE @newUrl::text IS NOT NULL AND @newUrl <> @oldUrl;
        """;

    private static object StateParameters(ClaimedSource source, SuccessfulPoll poll) => new
    {
        id = source.Id,
        token = source.ClaimToken,
        etag = poll.StoreValidators ? poll.Etag : null,
        lastModified = poll.StoreValidators ? poll.LastModified : null,
        nextPollAt = poll.NextPollAt,
        now = poll.Now,
        status = poll.Status,
        interval = poll.Interval,
        syncCursor = poll.SyncCursor,
        newUrl = poll.MovedTo,
        oldUrl = source.Url,
    };

    /// <summary>
    /// Records an unsuccessful poll; with <paramref name="disableReason"/> the source is also disabled.
    /// Nothing is recorded when the claim has lapsed and the source was claimed again.
    /// </summary>
    /// <returns>False when the claim was no longer held.</returns>
    public async Task<bool> RecordFailureAsync(ClaimedSource source, string kind, string message, int? status, DateTimeOffset now, DateTimeOffset nextPollAt, string? disableReason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            WITH failed AS (
                UPDATE source_fetch_state
                   SET consecutive_errors = consecutive_errors + 1, last_error = @message, last_error_kind = @kind,
                       last_error_at = @now, last_polled_at = @now, last_status = @status, next_poll_at = @nextPollAt, lease_until = NULL
                 WHERE source_id = @id AND claim_token = @token
                RETURNING source_id
            ), disabled AS (
                UPDATE sources SET enabled = false, disabled_reason = @disableReason, updated_at = now()
                 WHERE id IN (SELECT source_id FROM failed) AND @disableReason::text IS NOT NULL
            ), logged AS (
                INSERT INTO poll_failures (source_id, at, kind) SELECT source_id, @now, @kind FROM failed
            )
            SELECT count(*) FROM failed
            """,
            new { id = source.Id, token = source.ClaimToken, kind, message, status, now, nextPollAt, disableReason }, cancellationToken: cancellationToken)) == 1;
    }
}
