using System.Text.Json;
using Dapper;
using ImmunoWatch.Processing;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>Writes PubMed's record of each article in a fetch (journal, MeSH headings, publication types) in one statement; an unchanged record writes nothing.</summary>
public static class ArticleStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ProcessedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(items);
        var articles = items.Select(i => i.Item.Article).OfType<Parsing.PubMedRecord>()
            .DistinctBy(a => a.Pmid, StringComparer.Ordinal).OrderBy(a => a.Pmid, StringComparer.Ordinal).ToList();
        if (articles.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO articles (pmid, doi, journal, mesh, publication_types, updated_at)
            SELECT a.pmid, a.doi, a.journal, ARRAY(SELECT jsonb_array_elements_text(a.mesh)), ARRAY(SELECT jsonb_array_elements_text(a.publication_types)), now()
            FROM jsonb_to_recordset(@articles::jsonb) AS a(pmid text, doi text, journal text, mesh jsonb, publication_types jsonb)
            ON CONFLICT (pmid) DO UPDATE SET doi = excluded.doi, journal = excluded.journal, mesh = excluded.mesh,
                publication_types = excluded.publication_types, updated_at = now()
            WHERE (articles.doi, articles.journal, articles.mesh, articles.publication_types)
                  IS DISTINCT FROM (excluded.doi, excluded.journal, excluded.mesh, excluded.publication_types)
            """,
            new { articles = JsonSerializer.Serialize(articles.Select(a => new { pmid = a.Pmid, doi = a.Doi, journal = a.Journal, mesh = a.Mesh, publication_types = a.PublicationTypes }), Json) },
            transaction, cancellationToken: cancellationToken));
    }
}
