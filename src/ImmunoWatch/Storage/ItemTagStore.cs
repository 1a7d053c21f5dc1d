using Dapper;
using ImmunoWatch.Tagging;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// An item's tags, on its own row (written with each new or edited item by the item store), read
/// back and rewritten here in the background for items tagged by an older <see cref="TaggerVersion"/>
/// or not at all (claimed with SKIP LOCKED, so several workers share the work).
/// </summary>
public sealed class ItemTagStore(NpgsqlDataSource dataSource)
{
    private const string Update =
        """
        UPDATE items SET
            tagger_version = @TaggerVersion, immunotherapy = @Immunotherapy, generic_cancer = @GenericCancer, sites = @Sites,
            cancer_codes = @Codes, modalities = @Modalities, nct_ids = @NctIds, phases = @Phases, trial_status = @Status,
            is_trial = @IsTrial, tagged_at = now()
        WHERE id = @itemId
        """;

    private static Task SaveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long itemId, ItemTags tags, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(Update, Parameters(itemId, tags), transaction, cancellationToken: cancellationToken));

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
            LEFT JOIN trials r ON r.nct_id = i.nct_id AND s.url LIKE '%/api/v2/studies%'
            LEFT JOIN articles a ON a.pmid = i.pmid AND s.url LIKE '%/esearch.fcgi%'
            WHERE i.tagger_version IS NULL OR i.tagger_version < @version
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
            "SELECT tagger_version, immunotherapy, generic_cancer, sites, cancer_codes, modalities, nct_ids, phases, trial_status, is_trial FROM items WHERE id = @itemId AND tagger_version IS NOT NULL",
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
