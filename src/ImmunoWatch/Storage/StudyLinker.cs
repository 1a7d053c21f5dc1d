using Dapper;
using ImmunoWatch.Normalising;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Finds or creates the study an item belongs to from its identifiers (PMID, DOI, NCT id,
/// canonical link). Items sharing any identifier are one study; when an item bridges two studies
/// they are merged into the older one. Each identifier is locked for the transaction, in a fixed
/// order, so concurrent ingests of the same study agree instead of racing.
/// </summary>
internal static class StudyLinker
{
    public static async Task<long?> LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StudyIdentifiers ids, CancellationToken cancellationToken)
    {
        var identifiers = ids.All().OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Value, StringComparer.Ordinal).ToList();
        if (identifiers.Count == 0)
        {
            return null;
        }

        var kinds = identifiers.Select(i => i.Kind).ToArray();
        var values = identifiers.Select(i => i.Value).ToArray();
        await connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtextextended(k || ':' || v, 7)) FROM unnest(@kinds, @values) AS x(k, v)",
            new { kinds, values }, transaction, cancellationToken: cancellationToken));
        var studies = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT DISTINCT si.study_id FROM study_identifiers si
            JOIN unnest(@kinds, @values) AS x(k, v) ON si.kind = x.k AND si.value = x.v
            ORDER BY 1
            """, new { kinds, values }, transaction, cancellationToken: cancellationToken))).ToList();
        long studyId;
        if (studies.Count == 0)
        {
            studyId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO studies DEFAULT VALUES RETURNING id", transaction: transaction, cancellationToken: cancellationToken));
        }
        else
        {
            studyId = studies[0];
            var merged = studies.Skip(1).ToArray();
            if (merged.Length > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    UPDATE items SET study_id = @studyId WHERE study_id = ANY(@merged);
                    UPDATE study_identifiers SET study_id = @studyId WHERE study_id = ANY(@merged);
                    DELETE FROM studies WHERE id = ANY(@merged);
                    """, new { studyId, merged }, transaction, cancellationToken: cancellationToken));
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO study_identifiers (kind, value, study_id)
            SELECT k, v, @studyId FROM unnest(@kinds, @values) AS x(k, v)
            ON CONFLICT (kind, value) DO NOTHING
            """, new { kinds, values, studyId }, transaction, cancellationToken: cancellationToken));
        return studyId;
    }
}
