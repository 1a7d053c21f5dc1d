using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>The counts the admin's plots draw: items per cancer tissue per week, trials by status, poll failures per day and kind.</summary>
public sealed class PlotData(NpgsqlDataSource dataSource)
{
    /// <summary>Relevant items first seen per tissue and ISO week (its Monday), over the last <paramref name="weeks"/> weeks.</summary>
    public async Task<IReadOnlyList<(string Site, DateTime Week, int Items)>> ItemsPerSiteAndWeekAsync(int weeks, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string Site, DateTime Week, int Items)>(new CommandDefinition(
            """
            SELECT site, date_trunc('week', r.first_seen_at AT TIME ZONE 'UTC') AS week, count(*)::int
            FROM relevant_items r, unnest(r.sites) AS site
            WHERE r.first_seen_at > @since
            GROUP BY 1, 2
            """, new { since = now.AddDays(-7 * weeks) }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<(string Status, int Trials)>> TrialsByStatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(string Status, int Trials)>(new CommandDefinition(
            "SELECT overall_status, count(*)::int FROM trials GROUP BY 1 ORDER BY 2 DESC, 1", cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Failed polls per UTC day and kind over the last <paramref name="days"/> days.</summary>
    public async Task<IReadOnlyList<(DateTime Day, string Kind, int Failures)>> FailuresPerDayAsync(int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(DateTime Day, string Kind, int Failures)>(new CommandDefinition(
            """
            SELECT (at AT TIME ZONE 'UTC')::date::timestamp AS day, kind, count(*)::int
            FROM poll_failures WHERE at > @since GROUP BY 1, 2
            """, new { since = now.AddDays(-days) }, cancellationToken: cancellationToken))).ToList();
    }
}
