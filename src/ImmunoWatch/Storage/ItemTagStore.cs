using Dapper;
using ImmunoWatch.Tagging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The item_tags table: written with each new or edited item, and rewritten in the background for
/// items tagged by an older <see cref="TaggerVersion"/> (claimed with SKIP LOCKED, so several workers
/// share the work).
/// </summary>
public sealed class ItemTagStore(NpgsqlDataSource dataSource)
{
    private const string Upsert =
        """
        INSERT INTO item_tags (item_id, tagger_version, immunotherapy, generic_cancer, sites, cancer_codes, modalities, nct_ids, phases, trial_status, is_trial, tagged_at)
        VALUES (@itemId, @TaggerVersion, @Immunotherapy, @GenericCancer, @Sites, @Codes, @Modalities, @NctIds, @Phases, @Status, @IsTrial, now())
        ON CONFLICT (item_id) DO UPDATE SET
            tagger_version = EXCLUDED.tagger_version, immunotherapy = EXCLUDED.immunotherapy, generic_cancer = EXCLUDED.generic_cancer,
            sites = EXCLUDED.sites, cancer_codes = EXCLUDED.cancer_codes, modalities = EXCLUDED.modalities, nct_ids = EXCLUDED.nct_ids,
            phases = EXCLUDED.phases, trial_status = EXCLUDED.trial_status, is_trial = EXCLUDED.is_trial, tagged_at = now()
        """;

    public static Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long itemId, ItemTags tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tags);
        return connection.ExecuteAsync(new CommandDefinition(Upsert, Parameters(itemId, tags), transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Re-tags up to <paramref name="batchSize"/> items whose tags are missing or older than the current tagger.</summary>
    /// <returns>How many items were re-tagged.</returns>
    /// <param name="tag">Tags one stored item from what is stored of it (for an item read from the registry's API, with the registry's facts).</param>
    /// <param name="batchSize">Most items per call.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<int> RetagOutdatedAsync(Func<StoredItemText, ItemTags> tag, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var items = (await connection.QueryAsync<StoredItemRow>(new CommandDefinition(
            """
            SELECT i.id, i.title, i.summary_text, i.nct_id, r.conditions, r.condition_mesh,
                   ARRAY(SELECT jsonb_array_elements(r.interventions) ->> 'name') AS interventions, r.phases, r.overall_status, a.mesh
            FROM items i
            JOIN sources s ON s.id = i.source_id
            LEFT JOIN item_tags t ON t.item_id = i.id
            LEFT JOIN trials r ON r.nct_id = i.nct_id AND s.url LIKE '%/api/v2/studies%'
            LEFT JOIN articles a ON a.pmid = i.pmid AND s.url LIKE '%/esearch.fcgi%'
            WHERE t.item_id IS NULL OR t.tagger_version < @version
            ORDER BY i.id
            LIMIT @batchSize
            FOR UPDATE OF i SKIP LOCKED
            """, new { version = TaggerVersion.Current, batchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var item in items)
        {
            var registry = item.OverallStatus is null ? null : new StoredTrialFacts(
                new TagEvidence { Conditions = item.Conditions ?? [], Mesh = item.ConditionMesh ?? [], Interventions = item.Interventions?.OfType<string>().ToList() ?? [] },
                item.Phases ?? [], item.OverallStatus);
            await SaveAsync(connection, transaction, item.Id, tag(new StoredItemText(item.Title, item.SummaryText, item.NctId, registry, item.Mesh ?? [])), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return items.Count;
    }

    private sealed record StoredItemRow
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string SummaryText { get; init; } = "";
        public string? NctId { get; init; }
        public string[]? Conditions { get; init; }
        public string[]? ConditionMesh { get; init; }
        public string?[]? Interventions { get; init; }
        public string[]? Phases { get; init; }
        public string? OverallStatus { get; init; }
        public string[]? Mesh { get; init; }
    }

    public async Task<ItemTags?> GetAsync(long itemId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TagRow>(new CommandDefinition(
            "SELECT tagger_version, immunotherapy, generic_cancer, sites, cancer_codes, modalities, nct_ids, phases, trial_status, is_trial FROM item_tags WHERE item_id = @itemId",
            new { itemId }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var tree = OncoTree.Shipped;
        return new ItemTags
        {
            TaggerVersion = row.TaggerVersion,
            Immunotherapy = row.Immunotherapy,
            GenericCancer = row.GenericCancer,
            Sites = row.Sites,
            CancerTypes = row.CancerCodes.Select(tree.Find).OfType<OncoTreeNode>().Select(n => new CancerType(n.Code, n.Name, n.Site)).ToList(),
            Modalities = row.Modalities,
            NctIds = row.NctIds,
            Phases = row.Phases,
            Status = row.TrialStatus,
            IsTrial = row.IsTrial,
        };
    }

    private static object Parameters(long itemId, ItemTags tags) => new
    {
        itemId,
        tags.TaggerVersion,
        tags.Immunotherapy,
        tags.GenericCancer,
        Sites = tags.Sites.ToArray(),
        Codes = tags.CancerTypes.Select(c => c.Code).ToArray(),
        Modalities = tags.Modalities.ToArray(),
        NctIds = tags.NctIds.ToArray(),
        Phases = tags.Phases.ToArray(),
        tags.Status,
        tags.IsTrial,
    };

    private sealed record TagRow
    {
        public int TaggerVersion { get; init; }
        public bool Immunotherapy { get; init; }
        public bool GenericCancer { get; init; }
        public string[] Sites { get; init; } = [];
        public string[] CancerCodes { get; init; } = [];
        public string[] Modalities { get; init; } = [];
        public string[] NctIds { get; init; } = [];
        public string[] Phases { get; init; } = [];
        public string? TrialStatus { get; init; }
        public bool IsTrial { get; init; }
    }
}
