using ImmunoWatch.Storage;
using ImmunoWatch.Tagging;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Brings stored items up to the current tagger version after the taxonomy or rules change,
/// without re-fetching anything. Batches are claimed with SKIP LOCKED, so it is safe on several
/// nodes; one run at a time per cluster is enough.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RetagItemsJob(ItemTagStore tags, ItemTagger tagger, ILogger<RetagItemsJob> logger) : IJob
{
    public static readonly JobKey Key = new("retag-items", "tagging");

    private const int BatchSize = 500;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var total = 0;
        try
        {
            int done;
            while ((done = await tags.RetagOutdatedAsync(item => TagStored(tagger, item), BatchSize, cancellationToken)) > 0)
            {
                total += done;
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException)
        {
            TagLog.RetagFailed(logger, ex);
        }

        if (total > 0)
        {
            TagLog.Retagged(logger, total, TaggerVersion.Current);
        }
    }

    /// <summary>As at ingest: a study read from the registry is tagged with its conditions and keeps the registry's phases and status; an article read from PubMed with its MeSH headings.</summary>
    public static ItemTags TagStored(ItemTagger tagger, StoredItemText item)
    {
        ArgumentNullException.ThrowIfNull(tagger);
        ArgumentNullException.ThrowIfNull(item);
        var evidence = item.Registry?.Evidence ?? (item.Mesh.Count > 0 ? new TagEvidence { Mesh = item.Mesh } : TagEvidence.None);
        var tags = tagger.Tag(item.Title, item.SummaryText, item.NctId, evidence);
        return item.Registry is not { } registry ? tags : tags with { Phases = registry.Phases, Status = registry.OverallStatus, IsTrial = true };
    }
}
