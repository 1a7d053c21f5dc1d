using System.Security.Cryptography;
using System.Text;
using Dapper;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tagging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Stores a source's items idempotently and ties each to a study. Re-ingesting the same payload
/// changes nothing; an edited item (same key, new content) is updated in place; a purged item
/// (tombstoned) never comes back; two workers ingesting at once cannot create duplicates, because
/// rows are unique on (source, key hash) and study linking is serialised per identifier.
/// </summary>
public sealed class ItemStore(NpgsqlDataSource dataSource)
{
    public static async Task<IngestCounts> StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sourceId, IReadOnlyList<ParsedItem> items, ItemTagger tagger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return new IngestCounts(0, 0);
        }

        // Skip what is already stored unchanged, or purged, in one round trip: warm re-polls stay cheap.
        var hashes = items.Select(i => KeyHash(i.Key)).ToArray();
        var known = (await connection.QueryAsync<(byte[] KeyHash, string? ContentHash)>(new CommandDefinition(
            """
            SELECT key_hash, content_hash FROM items WHERE source_id = @sourceId AND key_hash = ANY(@hashes)
            UNION ALL
            SELECT key_hash, NULL FROM item_tombstones WHERE source_id = @sourceId AND key_hash = ANY(@hashes)
            """, new { sourceId, hashes }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => Convert.ToHexString(r.KeyHash), r => r.ContentHash);

        int inserted = 0, updated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            var hex = Convert.ToHexString(hashes[index]);
            if (!seen.Add(hex) || (known.TryGetValue(hex, out var contentHash) && (contentHash is null || contentHash == item.ContentHash)))
            {
                continue; // a repeat within the document, unchanged, or tombstoned
            }

            var studyId = await StudyLinker.LinkAsync(connection, transaction, item.Ids, cancellationToken);
            var written = (await connection.QueryAsync<(long Id, bool Inserted)>(new CommandDefinition(
                """
                INSERT INTO items (source_id, key_hash, item_key, guid, title, link, canonical_link, published_at, authors,
                                   summary_html, summary_text, pmid, doi, nct_id, content_hash, study_id)
                SELECT @sourceId, @keyHash, @Key, @Guid, @Title, @Link, @CanonicalLink, @Published, @Authors,
                       @SummaryHtml, @SummaryText, @Pmid, @Doi, @Nct, @ContentHash, @studyId
                WHERE NOT EXISTS (SELECT 1 FROM item_tombstones t WHERE t.source_id = @sourceId AND t.key_hash = @keyHash)
                ON CONFLICT (source_id, key_hash) DO UPDATE
                    SET title = EXCLUDED.title, link = EXCLUDED.link, canonical_link = EXCLUDED.canonical_link,
                        published_at = EXCLUDED.published_at, authors = EXCLUDED.authors,
                        summary_html = EXCLUDED.summary_html, summary_text = EXCLUDED.summary_text,
                        pmid = EXCLUDED.pmid, doi = EXCLUDED.doi, nct_id = EXCLUDED.nct_id,
                        content_hash = EXCLUDED.content_hash, study_id = coalesce(EXCLUDED.study_id, items.study_id),
                        updated_at = now()
                    WHERE items.content_hash IS DISTINCT FROM EXCLUDED.content_hash
                RETURNING id, (xmax = 0)
                """,
                new
                {
                    sourceId,
                    keyHash = hashes[index],
                    item.Key,
                    item.Guid,
                    item.Title,
                    item.Link,
                    item.Ids.CanonicalLink,
                    Published = item.Published,
                    Authors = item.Authors.ToArray(),
                    item.SummaryHtml,
                    item.SummaryText,
                    item.Ids.Pmid,
                    item.Ids.Doi,
                    item.Ids.Nct,
                    item.ContentHash,
                    studyId,
                },
                transaction, cancellationToken: cancellationToken))).ToList();
            if (written is not [var row])
            {
                continue; // tombstoned, or unchanged after all (a concurrent ingest got there first)
            }

            await ItemTagStore.SaveAsync(connection, transaction, row.Id, tagger.Tag(item.Title, item.SummaryText, item.Ids.Nct), cancellationToken);
            if (row.Inserted)
            {
                inserted++;
            }
            else
            {
                updated++;
            }
        }

        return new IngestCounts(inserted, updated);
    }

    /// <summary>Deletes an item and leaves a tombstone, so later fetches of its source do not bring it back.</summary>
    public async Task<bool> PurgeAsync(long itemId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            WITH gone AS (DELETE FROM items WHERE id = @itemId RETURNING source_id, key_hash)
            INSERT INTO item_tombstones (source_id, key_hash) SELECT source_id, key_hash FROM gone
            ON CONFLICT DO NOTHING
            """, new { itemId }, cancellationToken: cancellationToken)) > 0;
    }

    public static byte[] KeyHash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
