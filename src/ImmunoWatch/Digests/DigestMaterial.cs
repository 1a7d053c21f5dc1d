namespace ImmunoWatch.Digests;

/// <summary>
/// What digests are composed from, read once and shared by every digest it covers: the relevant
/// items first seen after <see cref="From"/> and up to <see cref="UpTo"/> (published late enough to be news),
/// indexed by site, with their ranking text score worked out once; and the published explainer.
/// A delivery run reads it once instead of querying per subscriber.
/// </summary>
public sealed class DigestMaterial
{
    private readonly Dictionary<string, DigestCandidate[]> _bySite;

    internal DigestMaterial(DateTimeOffset from, DateTimeOffset upTo, IReadOnlyList<DigestCandidate> candidates, IReadOnlyDictionary<string, string> explainers, IReadOnlyDictionary<string, string> pointers)
        : this(from, upTo, candidates, explainers, pointers, [], [])
    {
    }

    internal DigestMaterial(DateTimeOffset from, DateTimeOffset upTo, IReadOnlyList<DigestCandidate> candidates, IReadOnlyDictionary<string, string> explainers, IReadOnlyDictionary<string, string> pointers,
        IReadOnlyList<TrialChangeRow> trialChanges, IReadOnlyList<TrialSiteRow> trialSites)
    {
        TrialChanges = trialChanges;
        TrialSites = trialSites.ToLookup(s => s.NctId, StringComparer.Ordinal);
        From = from;
        UpTo = upTo;
        All = [.. candidates.OrderBy(c => c.FirstSeenAt).ThenBy(c => c.ItemId)];
        _bySite = All
            .SelectMany(c => c.Sites.Select(site => (site, c)))
            .GroupBy(p => p.site, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.c).ToArray(), StringComparer.Ordinal);
        OpenToAnyCancer = [.. All.Where(c => c.IsTrial && c.GenericCancer && c.Sites.Length == 0)];
        Explainers = explainers;
        Pointers = pointers;
    }

    public DateTimeOffset From { get; }
    public DateTimeOffset UpTo { get; }

    /// <summary>Every candidate, oldest first seen first.</summary>
    public IReadOnlyList<DigestCandidate> All { get; }

    /// <summary>Trials that name no organ, shown to everyone who wants trials.</summary>
    public IReadOnlyList<DigestCandidate> OpenToAnyCancer { get; }

    /// <summary>The published explainer body per audience.</summary>
    public IReadOnlyDictionary<string, string> Explainers { get; }

    /// <summary>The per-site explainer pointers ("*" for the rest).</summary>
    public IReadOnlyDictionary<string, string> Pointers { get; }

    /// <summary>Changes of trials (ClinicalTrials.gov API sources) recorded in the window, with each trial's current facts.</summary>
    public IReadOnlyList<TrialChangeRow> TrialChanges { get; }

    /// <summary>The sites of those trials.</summary>
    public ILookup<string, TrialSiteRow> TrialSites { get; }

    public int Count => All.Count;

    /// <summary>Whether a digest for <paramref name="period"/> of items first seen after <paramref name="since"/> can be composed from this material alone.</summary>
    public bool Covers(DateTimeOffset since, DigestPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return since >= From && period.Start >= From && period.End <= UpTo;
    }

    public IReadOnlyList<DigestCandidate> ForSite(string site) => _bySite.TryGetValue(site, out var found) ? found : [];
}
