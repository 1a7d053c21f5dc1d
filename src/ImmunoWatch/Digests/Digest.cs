using ImmunoWatch.Subscribers;

namespace ImmunoWatch.Digests;

/// <summary>What one subscriber gets for one period, before rendering.</summary>
public sealed record Digest
{
    public required Subscriber Subscriber { get; init; }
    public required DigestPeriod Period { get; init; }
    public required string Explainer { get; init; }
    public IReadOnlyList<DigestSection> Sections { get; init; } = [];
    public DigestSection? Trials { get; init; }
    /// <summary>Trials newly recruiting, changed in status, or with a new site near the subscriber (ClinicalTrials.gov API sources).</summary>
    public DigestSection? TrialUpdates { get; init; }
    /// <summary>Trial updates left out because none of their sites is in the subscriber's location.</summary>
    public int TrialsOutsideLocation { get; init; }
    /// <summary>Items first seen up to here are covered; the subscriber's watermark moves here once delivered.</summary>
    public DateTimeOffset WatermarkTo { get; init; }
    public int EntryCount => Sections.Sum(s => s.Entries.Count) + (Trials?.Entries.Count ?? 0) + (TrialUpdates?.Entries.Count ?? 0);
    public int MoreCount => Sections.Sum(s => s.More) + (Trials?.More ?? 0) + (TrialUpdates?.More ?? 0);
    public bool IsEmpty => EntryCount == 0;
}
