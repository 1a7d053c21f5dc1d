using System.Globalization;

namespace ImmunoWatch.Scheduling;

/// <summary>Totals of one polling run; <see cref="ToString"/> is the last line of <c>immunowatch poll</c>.</summary>
public sealed record PollSummary(int Polled, int Ok, int NotModified, int Failed, int ItemsNew, int ItemsUpdated, TimeSpan Elapsed)
{
    /// <summary>The stage times of every poll added up (more than <see cref="Elapsed"/>: polls overlap).</summary>
    public StageTimes Stages { get; init; }

    public static PollSummary From(IReadOnlyCollection<SourcePollResult> results, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(results);
        var polled = results.Where(r => r.Outcome != PollOutcome.Skipped).ToList();
        return new PollSummary(
            polled.Count,
            polled.Count(r => r.Outcome == PollOutcome.Ok),
            polled.Count(r => r.Outcome == PollOutcome.NotModified),
            polled.Count(r => r.Outcome == PollOutcome.Failed),
            polled.Sum(r => r.ItemsNew),
            polled.Sum(r => r.ItemsUpdated),
            elapsed)
        {
            Stages = polled.Aggregate(default(StageTimes), (sum, r) => sum + r.Times),
        };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"polled={Polled} ok={Ok} not_modified={NotModified} failed={Failed} items_new={ItemsNew} items_updated={ItemsUpdated} seconds={Elapsed.TotalSeconds:0.###}");
}
