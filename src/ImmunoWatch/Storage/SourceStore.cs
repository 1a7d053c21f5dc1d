using Dapper;
using ImmunoWatch.Sources;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>The sources table and its fetch state, as admins see them.</summary>
public sealed class SourceStore(NpgsqlDataSource dataSource)
{
    private const string SelectSources =
        """
        SELECT s.id, s.url, s.name, s.kind, s.relevance_mode, s.poll_interval, s.enabled, s.disabled_reason, s.created_at,
               f.next_poll_at, f.last_success_at, f.last_polled_at, f.last_error, f.last_error_kind, f.last_error_at,
               f.last_status, coalesce(f.consecutive_errors, 0) AS consecutive_errors, f.current_interval,
               (SELECT count(*) FROM items i WHERE i.source_id = s.id) AS item_count
        FROM sources s LEFT JOIN source_fetch_state f ON f.source_id = s.id
        """;

    public async Task<IReadOnlyList<Source>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Source>(new CommandDefinition(SelectSources + " ORDER BY s.id", cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<Source?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Source>(new CommandDefinition(SelectSources + " WHERE s.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Source?> FindByUrlAsync(string url, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Source>(new CommandDefinition(SelectSources + " WHERE s.url = @url", new { url }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds a source, due for polling at once. Throws <see cref="DuplicateSourceException"/> when the URL is taken.</summary>
    public async Task<long> AddAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO sources (url, name, kind, relevance_mode, poll_interval, enabled, disabled_reason)
                VALUES (@Url, @Name, @Kind, @RelevanceMode, @PollInterval, @Enabled, @DisabledReason)
                RETURNING id
                """, source, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO source_fetch_state (source_id) VALUES (@id)", new { id }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return id;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateSourceException(source.Url);
        }
    }

    /// <summary>Saves an admin's edit. A new URL is recorded in the history and clears the old validators.</summary>
    public async Task<bool> UpdateAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var oldUrl = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT url FROM sources WHERE id = @Id FOR UPDATE", source, transaction, cancellationToken: cancellationToken));
        if (oldUrl is null)
        {
            return false;
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE sources SET url = @Url, name = @Name, kind = @Kind, relevance_mode = @RelevanceMode,
                       poll_interval = @PollInterval, updated_at = now()
                WHERE id = @Id
                """, source, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateSourceException(source.Url);
        }

        if (oldUrl != source.Url)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO source_url_history (source_id, old_url, new_url, reason) VALUES (@Id, @oldUrl, @Url, 'admin');
                UPDATE source_fetch_state SET etag = NULL, last_modified = NULL, next_poll_at = now() WHERE source_id = @Id;
                """, new { source.Id, oldUrl, source.Url }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Enables (due at once, error count reset) or disables a source.</summary>
    public async Task<bool> SetEnabledAsync(long id, bool enabled, string? reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE sources SET enabled = @enabled, disabled_reason = CASE WHEN @enabled THEN NULL ELSE @reason END, updated_at = now()
            WHERE id = @id;
            UPDATE source_fetch_state SET consecutive_errors = 0, next_poll_at = now()
            WHERE source_id = @id AND @enabled;
            """, new { id, enabled, reason = reason ?? "admin" }, cancellationToken: cancellationToken));
        return changed > 0;
    }

    /// <summary>Removes a source with its items and history.</summary>
    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sources WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Items first seen per source and UTC day over the last <paramref name="days"/> days (days without items left out).</summary>
    public async Task<ILookup<long, (DateTime Day, int Items)>> ItemsPerDayAsync(int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long SourceId, DateTime Day, int Items)>(new CommandDefinition(
            """
            SELECT source_id, (first_seen_at AT TIME ZONE 'UTC')::date::timestamp AS day, count(*)::int
            FROM items WHERE first_seen_at > @since
            GROUP BY 1, 2
            """, new { since = now.AddDays(-days) }, cancellationToken: cancellationToken));
        return rows.ToLookup(r => r.SourceId, r => (r.Day, r.Items));
    }

    public async Task<IReadOnlyList<SourceUrlChange>> UrlHistoryAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SourceUrlChange>(new CommandDefinition(
            "SELECT old_url AS OldUrl, new_url AS NewUrl, reason AS Reason, changed_at AS ChangedAt FROM source_url_history WHERE source_id = @id ORDER BY changed_at, id",
            new { id }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
