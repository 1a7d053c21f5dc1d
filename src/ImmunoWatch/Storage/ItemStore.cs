using Dapper;
using ImmunoWatch.Processing;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Writes one fetch's processed items in a constant number of round trips, whatever their count:
/// (1) the stored content hashes of the batch's keys, so unchanged and purged items are skipped;
/// (2) the studies the changed items' identifiers already belong to, and when the batch must add
/// identifiers or merge studies, advisory locks on its identifiers taken in one statement in one
/// global order (so concurrent ingests sharing identifiers wait for each other, never deadlock)
/// with those studies read again; (3) the new studies the batch needs; (4) items and
/// their tags in one upsert, then merges and new identifiers. Re-ingesting changes nothing; an edit
/// updates in place; a tombstoned item never returns; items sharing a PMID, DOI, NCT id or canonical
/// link end as one study even when two workers ingest them at once.
/// </summary>
public sealed class ItemStore(NpgsqlDataSource dataSource)
{
    private const char Separator = '\u001f';

    public static async Task<IngestCounts> StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sourceId, IReadOnlyList<ProcessedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return new IngestCounts(0, 0);
        }

        var changed = await ChangedAsync(connection, transaction, sourceId, items, cancellationToken);
        if (changed.Count == 0)
        {
            return new IngestCounts(0, 0);
        }

        var plan = await PlanStudiesAsync(connection, transaction, changed, cancellationToken);
        var created = plan.NewStudies == 0 ? [] : (await connection.QueryAsync<long>(new CommandDefinition(
            "INSERT INTO studies (created_at) SELECT now() FROM generate_series(1, @count) RETURNING id",
            new { count = plan.NewStudies }, transaction, cancellationToken: cancellationToken))).ToList();
        return await WriteAsync(connection, transaction, sourceId, changed, plan, created, cancellationToken);
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

    /// <summary>The items that are new or edited: not stored with the same content, and not tombstoned.</summary>
    private static async Task<List<ProcessedItem>> ChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sourceId, IReadOnlyList<ProcessedItem> items, CancellationToken cancellationToken)
    {
        var hashes = items.Select(i => i.KeyHash).ToArray();
        var known = (await connection.QueryAsync<(byte[] KeyHash, string? ContentHash)>(new CommandDefinition(
            """
            SELECT key_hash, content_hash FROM items WHERE source_id = @sourceId AND key_hash = ANY(@hashes)
            UNION ALL
            SELECT key_hash, NULL FROM item_tombstones WHERE source_id = @sourceId AND key_hash = ANY(@hashes)
            """, new { sourceId, hashes }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => Convert.ToHexString(r.KeyHash), r => r.ContentHash);
        return items.Where(i => !known.TryGetValue(Convert.ToHexString(i.KeyHash), out var content) || (content is not null && content != i.Item.ContentHash)).ToList();
    }

    /// <summary>
    /// Reads the studies the batch's identifiers already name. When that is all the batch needs (no
    /// identifier to add, no studies to merge) nothing is locked: the items only point at stored
    /// studies, and a merge that moves one of them meanwhile either waits for this transaction (its
    /// lock on the study conflicts with the items' foreign-key check) or makes that check fail, and
    /// the store is retried. Otherwise the identifiers are locked (one statement, ascending lock
    /// keys) and read again under the locks, which is what the plan is then made from.
    /// </summary>
    private static async Task<StudyPlan> PlanStudiesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<ProcessedItem> items, CancellationToken cancellationToken)
    {
        var itemIdentifiers = items.Select(i => i.Identifiers).ToList();
        var identifiers = items.SelectMany(i => i.Identifiers).Distinct().ToList();
        if (identifiers.Count == 0)
        {
            return StudyPlan.Make(itemIdentifiers, new Dictionary<(string Kind, string Value), long>());
        }

        var kinds = identifiers.Select(i => i.Kind).ToArray();
        var values = identifiers.Select(i => i.Value).ToArray();
        var unlocked = StudyPlan.Make(itemIdentifiers, await StoredStudiesAsync(connection, transaction, kinds, values, locked: false, cancellationToken));
        return unlocked.ChangesStudies
            ? StudyPlan.Make(itemIdentifiers, await StoredStudiesAsync(connection, transaction, kinds, values, locked: true, cancellationToken))
            : unlocked;
    }

    private static async Task<Dictionary<(string Kind, string Value), long>> StoredStudiesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] kinds, string[] values, bool locked, CancellationToken cancellationToken)
    {
        const string Lock =
            """
            SELECT count(pg_advisory_xact_lock(h)) FROM (
                SELECT DISTINCT hashtextextended(k || ':' || v, 7) AS h FROM unnest(@kinds::text[], @values::text[]) AS x(k, v)
                ORDER BY 1 OFFSET 0) ordered;
            """;
        const string Read =
            """
            SELECT si.kind, si.value, si.study_id FROM study_identifiers si
            JOIN unnest(@kinds::text[], @values::text[]) AS x(k, v) ON si.kind = x.k AND si.value = x.v;
            """;
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(
            locked ? Lock + Read : Read, new { kinds, values }, transaction, cancellationToken: cancellationToken));
        if (locked)
        {
            _ = await grid.ReadSingleAsync<long>();
        }

        var stored = new Dictionary<(string Kind, string Value), long>();
        foreach (var (kind, value, study) in await grid.ReadAsync<(string, string, long)>())
        {
            stored[(kind, value)] = study;
        }

        return stored;
    }

    private static async Task<IngestCounts> WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long sourceId, List<ProcessedItem> items, StudyPlan plan, List<long> created, CancellationToken cancellationToken)
    {
        var studies = plan.ItemStudies(created);
        var identifiers = plan.NewIdentifiers(created);
        var parameters = new
        {
            sourceId,
            keyHashes = items.Select(i => i.KeyHash).ToArray(),
            keys = items.Select(i => i.Item.Key).ToArray(),
            guids = items.Select(i => i.Item.Guid).ToArray(),
            titles = items.Select(i => i.Item.Title).ToArray(),
            links = items.Select(i => i.Item.Link).ToArray(),
            canonicalLinks = items.Select(i => i.Item.Ids.CanonicalLink).ToArray(),
            published = items.Select(i => i.Item.Published?.UtcDateTime).ToArray(),
            authors = items.Select(i => string.Join(Separator, i.Item.Authors)).ToArray(),
            html = items.Select(i => i.Item.SummaryHtml).ToArray(),
            text = items.Select(i => i.Item.SummaryText).ToArray(),
            pmids = items.Select(i => i.Item.Ids.Pmid).ToArray(),
            dois = items.Select(i => i.Item.Ids.Doi).ToArray(),
            ncts = items.Select(i => i.Item.Ids.Nct).ToArray(),
            contentHashes = items.Select(i => i.Item.ContentHash).ToArray(),
            studies,
            taggerVersions = items.Select(i => i.Tags.TaggerVersion).ToArray(),
            immunotherapy = items.Select(i => i.Tags.Immunotherapy).ToArray(),
            genericCancer = items.Select(i => i.Tags.GenericCancer).ToArray(),
            sites = items.Select(i => string.Join(Separator, i.Tags.Sites)).ToArray(),
            codes = items.Select(i => string.Join(Separator, i.Tags.CancerTypes.Select(c => c.Code))).ToArray(),
            modalities = items.Select(i => string.Join(Separator, i.Tags.Modalities)).ToArray(),
            nctIds = items.Select(i => string.Join(Separator, i.Tags.NctIds)).ToArray(),
            phases = items.Select(i => string.Join(Separator, i.Tags.Phases)).ToArray(),
            statuses = items.Select(i => i.Tags.Status).ToArray(),
            isTrial = items.Select(i => i.Tags.IsTrial).ToArray(),
            mergeFrom = plan.Merges.Select(m => m.From).ToArray(),
            mergeInto = plan.Merges.Select(m => m.Into).ToArray(),
            idKinds = identifiers.Select(i => i.Kind).ToArray(),
            idValues = identifiers.Select(i => i.Value).ToArray(),
            idStudies = identifiers.Select(i => i.Study).ToArray(),
        };
        using var grid = await connection.QueryMultipleAsync(new CommandDefinition(WriteBatch, parameters, transaction, cancellationToken: cancellationToken));
        var (inserted, updated) = await grid.ReadSingleAsync<(long, long)>();
        // Every result is read: a grid disposed with one unread cancels its command on the server,
        // and that cancel request can land on whatever the session runs next.
        _ = await grid.ReadSingleAsync<long>();
        return new IngestCounts((int)inserted, (int)updated);
    }

    /// <summary>
    /// Items with their tags in one upsert (unnest of column arrays; list-valued fields travel as
    /// separator-joined text), then merges of studies the batch bridged, then new identifiers.
    /// A merged study is locked first: a concurrent ingest still writing items into it finishes
    /// before they are moved, and one that starts later fails its foreign-key check and retries.
    /// </summary>
    private const string WriteBatch =
        """
        WITH input AS (
            SELECT * FROM unnest(@keyHashes::bytea[], @keys::text[], @guids::text[], @titles::text[], @links::text[],
                                 @canonicalLinks::text[], @published::timestamptz[], @authors::text[], @html::text[], @text::text[],
                                 @pmids::text[], @dois::text[], @ncts::text[], @contentHashes::text[], @studies::bigint[],
                                 @taggerVersions::integer[], @immunotherapy::boolean[], @genericCancer::boolean[], @sites::text[],
                                 @codes::text[], @modalities::text[], @nctIds::text[], @phases::text[], @statuses::text[], @isTrial::boolean[])
                AS x(key_hash, item_key, guid, title, link, canonical_link, published_at, authors, summary_html, summary_text,
                     pmid, doi, nct_id, content_hash, study_id, tagger_version, immunotherapy, generic_cancer, sites,
                     cancer_codes, modalities, nct_ids, phases, trial_status, is_trial)
        ), written AS (
            INSERT INTO items (source_id, key_hash, item_key, guid, title, link, canonical_link, published_at, authors,
                               summary_html, summary_text, pmid, doi, nct_id, content_hash, study_id,
                               tagger_version, immunotherapy, generic_cancer, sites, cancer_codes, modalities, nct_ids, phases,
                               trial_status, is_trial, tagged_at)
            SELECT @sourceId, x.key_hash, x.item_key, x.guid, x.title, x.link, x.canonical_link, x.published_at,
                   string_to_array(x.authors, E'\x1f'), x.summary_html, x.summary_text, x.pmid, x.doi, x.nct_id, x.content_hash, x.study_id,
                   x.tagger_version, x.immunotherapy, x.generic_cancer, string_to_array(x.sites, E'\x1f'),
                   string_to_array(x.cancer_codes, E'\x1f'), string_to_array(x.modalities, E'\x1f'),
                   string_to_array(x.nct_ids, E'\x1f'), string_to_array(x.phases, E'\x1f'), x.trial_status, x.is_trial, now()
            FROM input x
            WHERE NOT EXISTS (SELECT 1 FROM item_tombstones t WHERE t.source_id = @sourceId AND t.key_hash = x.key_hash)
            ON CONFLICT (source_id, key_hash) DO UPDATE
                SET title = EXCLUDED.title, link = EXCLUDED.link, canonical_link = EXCLUDED.canonical_link,
                    published_at = EXCLUDED.published_at, authors = EXCLUDED.authors,
                    summary_html = EXCLUDED.summary_html, summary_text = EXCLUDED.summary_text,
                    pmid = EXCLUDED.pmid, doi = EXCLUDED.doi, nct_id = EXCLUDED.nct_id,
                    content_hash = EXCLUDED.content_hash, study_id = coalesce(EXCLUDED.study_id, items.study_id),
                    tagger_version = EXCLUDED.tagger_version, immunotherapy = EXCLUDED.immunotherapy,
                    generic_cancer = EXCLUDED.generic_cancer, sites = EXCLUDED.sites, cancer_codes = EXCLUDED.cancer_codes,
                    modalities = EXCLUDED.modalities, nct_ids = EXCLUDED.nct_ids, phases = EXCLUDED.phases,
                    trial_status = EXCLUDED.trial_status, is_trial = EXCLUDED.is_trial, tagged_at = EXCLUDED.tagged_at,
                    updated_at = now()
                WHERE items.content_hash IS DISTINCT FROM EXCLUDED.content_hash
            RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written;

        SELECT count(*) FROM (SELECT id FROM studies WHERE id = ANY(@mergeFrom::bigint[]) ORDER BY id FOR UPDATE) merged;
        UPDATE study_identifiers si SET study_id = m.into_id
          FROM unnest(@mergeFrom::bigint[], @mergeInto::bigint[]) AS m(from_id, into_id) WHERE si.study_id = m.from_id;
        UPDATE items i SET study_id = m.into_id
          FROM unnest(@mergeFrom::bigint[], @mergeInto::bigint[]) AS m(from_id, into_id) WHERE i.study_id = m.from_id;
        DELETE FROM studies WHERE id = ANY(@mergeFrom::bigint[]);

        INSERT INTO study_identifiers (kind, value, study_id)
        SELECT * FROM unnest(@idKinds::text[], @idValues::text[], @idStudies::bigint[])
        ON CONFLICT (kind, value) DO NOTHING;
        """;
}
