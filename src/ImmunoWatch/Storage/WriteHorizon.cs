using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The latest moment up to which the items and trial changes in the database are final: no
/// transaction still running can add a row stamped at or before it. A digest that covers rows
/// first seen up to "now" would miss a row written by an ingest that began before now and commits
/// after the digest was read (the next digest starts after now, so the row would never be sent);
/// covering up to this moment instead leaves such a row to the next digest.
/// </summary>
/// <remarks>
/// Rows are stamped when written, after their transaction has taken a transaction id (migration
/// 0020), so every transaction that could still write a row stamped before a given moment is a
/// client backend of this database holding an id: the horizon is just before the earliest start
/// among them, or the start of the query when there are none. A read-only transaction (a backup, a
/// report) does not hold it back. A worker whose clock runs ahead of the server's cannot move it
/// past the server's time. Other roles' sessions are visible only to a member of
/// pg_read_all_stats; ImmunoWatch's instances share one role.
/// </remarks>
public sealed class WriteHorizon(NpgsqlDataSource dataSource)
{
    /// <returns>The horizon, never later than <paramref name="now"/>.</returns>
    public async Task<DateTimeOffset> SettledUpToAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // statement_timestamp() is taken before the activity is read: a writer that takes its id
        // after that read stamps its rows later than the horizon.
        return await connection.ExecuteScalarAsync<DateTimeOffset>(new CommandDefinition(
            """
            SELECT least(@now, statement_timestamp(),
                         (SELECT min(a.xact_start) FROM pg_stat_activity a
                           WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                             AND a.backend_type = 'client backend' AND a.backend_xid IS NOT NULL) - interval '1 microsecond')
            """, new { now }, cancellationToken: cancellationToken));
    }
}
