using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>What an operator watches that only the database knows: overdue sources and the outbox by state, in one round trip.</summary>
public sealed class OperationalCountsStore(NpgsqlDataSource dataSource)
{
    /// <param name="now">The current time.</param>
    /// <param name="grace">How late a poll may be before its source counts as overdue.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<OperationalCounts> ReadAsync(DateTimeOffset now, TimeSpan grace, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT count(*) FROM sources s JOIN source_fetch_state f ON f.source_id = s.id
             WHERE s.enabled AND f.next_poll_at < @overdueBefore AND (f.lease_until IS NULL OR f.lease_until < @now);
            SELECT state, count(*) FROM digest_outbox GROUP BY state;
            """, new { now, overdueBefore = now - grace }, cancellationToken: cancellationToken));
        var overdue = await grid.ReadSingleAsync<long>();
        var outbox = (await grid.ReadAsync<(string State, long Count)>()).ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
        return new OperationalCounts(overdue, outbox);
    }
}
