using Dapper;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Tagging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImmunoWatch.Digests;

/// <summary>
/// Decides what one subscriber's digest contains: items first seen since their last delivered
/// digest (and published at most <see cref="DigestOptions.LateArrivalDays"/> before the period
/// began, so a new source's backlog does not flood it while an item a feed lists late still counts), relevant
/// to immunotherapy, matching the cancer types they follow (and, for those who want trials, trials
/// open to cancer in general, such as basket trials for "advanced solid tumors"); one entry per study with all its
/// sources; grouped by tissue with a separate trials section; ranked; capped. Links are the
/// canonical ones (tracking parameters removed) and only http(s); summaries are plain text, so no
/// feed markup (forms, styles, tracking pixels) can reach an email.
/// </summary>
public sealed class DigestComposer(NpgsqlDataSource dataSource, ExplainerStore explainers, IOptions<DigestOptions> options)
{
    private readonly DigestOptions _options = options.Value;

    /// <summary>One subscriber's digest, read from the database for them alone (previews, catch-ups beyond a run's material).</summary>
    public async Task<Digest> ComposeAsync(Subscriber subscriber, DigestPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(period);
        var since = Since(subscriber, period);
        var material = await LoadAsync(since < period.Start ? since : period.Start, period.End, FollowedSites(subscriber), subscriber.WantsTrials, cancellationToken);
        return Compose(subscriber, period, material);
    }

    /// <summary>How long before a period began an item may have been published and still be new in it.</summary>
    public TimeSpan LateArrival => TimeSpan.FromDays(_options.LateArrivalDays);

    /// <summary>Items first seen after this moment are new to the subscriber in <paramref name="period"/>: their watermark, or the period's start before their first digest.</summary>
    public static DateTimeOffset Since(Subscriber subscriber, DigestPeriod period)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(period);
        return subscriber.Watermark ?? period.Start;
    }

    /// <summary>
    /// Reads the relevant items first seen after <paramref name="from"/> and up to
    /// <paramref name="upTo"/> (published no more than <see cref="LateArrival"/> before
    /// <paramref name="from"/>), and the published explainer, for every digest in that window.
    /// </summary>
    public Task<DigestMaterial> LoadAsync(DateTimeOffset from, DateTimeOffset upTo, CancellationToken cancellationToken) =>
        LoadAsync(from, upTo, followedSites: null, wantsTrials: true, cancellationToken);

    /// <summary>The subscriber's digest from material read before, which must cover the period (items are new to the subscriber after their watermark).</summary>
    public Digest Compose(Subscriber subscriber, DigestPeriod period, DigestMaterial material)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(material);
        var since = Since(subscriber, period);
        if (!material.Covers(since, period))
        {
            throw new ArgumentException($"the material ({material.From:O} to {material.UpTo:O}) does not cover period {period.Key} ({period.Start:O} to {period.End:O}) since {since:O}", nameof(material));
        }

        var followedSites = FollowedSites(subscriber);
        var earliestPublished = period.Start - LateArrival;
        var entries = Candidates(material, followedSites, subscriber.WantsTrials)
            .Where(c => c.FirstSeenAt > since && c.FirstSeenAt <= period.End && (c.PublishedAt ?? c.FirstSeenAt) >= earliestPublished)
            .OrderBy(c => c.FirstSeenAt)
            .ThenBy(c => c.ItemId)
            .GroupBy(c => c.StudyId ?? -c.ItemId)
            .Select(ToEntry)
            .OrderByDescending(e => e.Rank)
            .ThenByDescending(e => e.Published ?? e.FirstSeen)
            .ToList();

        var (updates, outside) = subscriber.WantsTrials
            ? TrialUpdateSelector.Select(material.TrialChanges, material.TrialSites, subscriber, followedSites, since, period.End)
            : ([], 0);
        var updated = updates.Select(u => u.NctId).ToHashSet(StringComparer.Ordinal);
        // A trial the registry tracks reaches someone who asked for recruiting trials or a location only
        // through the trial updates, which apply those filters; everyone else sees it once.
        var filtered = subscriber.Trials.RecruitingOnly || subscriber.Trials.Location is not null || subscriber.Trials.AgeYears is not null || subscriber.Trials.Sex is not null;
        var trials = subscriber.WantsTrials
            ? entries.Where(e => e.IsTrial && (e.NctId is null || !updated.Contains(e.NctId)) && !(filtered && e.RegistryTracked)).ToList()
            : [];
        var research = entries.Where(e => !e.IsTrial).ToList();
        var sections = research
            .GroupBy(e => PrimarySite(e, followedSites))
            .OrderBy(g => g.Key == "" ? 1 : 0)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Section(g.Key, g.Key == "" ? "Across cancer types" : OncoTree.Shipped.Find(g.Key)?.Name ?? g.Key, Pointer(material.Pointers, g.Key), g.ToList()))
            .ToList();
        var trialSection = trials.Count == 0 ? null : Section("TRIALS", "Clinical trials", "New and updated studies; recruiting ones first. Ask your care team whether one could be right for you.", trials);
        return new Digest
        {
            Subscriber = subscriber,
            Period = period,
            Explainer = material.Explainers.GetValueOrDefault(subscriber.Audience, ""),
            Sections = CapTotal(sections),
            Trials = trialSection,
            TrialUpdates = updates.Count == 0 ? null : Section("TRIAL_UPDATES", "Trial updates", TrialUpdatesPointer(subscriber), updates),
            TrialsOutsideLocation = outside,
            WatermarkTo = period.End,
        };
    }

    private static string TrialUpdatesPointer(Subscriber subscriber)
    {
        var asked = new List<string>();
        if (subscriber.Trials.RecruitingOnly)
        {
            asked.Add("recruiting only");
        }

        if (subscriber.Trials.Location is { } location)
        {
            asked.Add("sites " + location.Describe());
        }

        if (subscriber.Trials.AgeYears is { } age)
        {
            asked.Add($"open to age {age}");
        }

        if (subscriber.Trials.Sex is { } sex)
        {
            asked.Add($"open to {(sex == Sexes.Female ? "women" : "men")}");
        }

        var filters = asked.Count == 0 ? "" : $" ({string.Join(", ", asked)})";
        return $"Trials newly recruiting, changed in status, or with a new site{filters}, from the ClinicalTrials.gov registry.";
    }

    private static string[] FollowedSites(Subscriber subscriber) =>
        subscriber.Followed.Select(c => OncoTree.Shipped.Find(c)?.Site).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Items tagged with a followed site, and trials open to any cancer for those who want trials; everything for those who follow nothing.</summary>
    private static IEnumerable<DigestCandidate> Candidates(DigestMaterial material, string[] followedSites, bool wantsTrials)
    {
        if (followedSites.Length == 0)
        {
            return material.All;
        }

        var found = followedSites.SelectMany(material.ForSite);
        return (wantsTrials ? found.Concat(material.OpenToAnyCancer) : found).DistinctBy(c => c.ItemId);
    }

    private async Task<DigestMaterial> LoadAsync(DateTimeOffset from, DateTimeOffset upTo, string[]? followedSites, bool wantsTrials, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DigestCandidate>(new CommandDefinition(
            """
            SELECT r.id AS item_id, r.study_id, r.title, coalesce(r.canonical_link, r.link) AS link, r.summary_text, r.published_at, r.first_seen_at,
                   s.name AS source_name, r.sites, r.cancer_codes, r.modalities, r.is_trial, r.phases, r.trial_status, r.generic_cancer, r.nct_id,
                   coalesce(a.publication_types, '{}') AS publication_types,
                   EXISTS (SELECT 1 FROM trials t WHERE t.nct_id = r.nct_id) AS registry_tracked
            FROM relevant_items r JOIN sources s ON s.id = r.source_id
            LEFT JOIN articles a ON a.pmid = r.pmid
            WHERE r.first_seen_at > @from AND r.first_seen_at <= @upTo AND coalesce(r.published_at, r.first_seen_at) >= @earliestPublished
              AND (@followedSites::text[] IS NULL OR cardinality(@followedSites::text[]) = 0 OR r.sites && @followedSites::text[]
                   OR (@wantsTrials AND r.is_trial AND r.generic_cancer AND cardinality(r.sites) = 0))
            """, new { from, upTo, earliestPublished = from - LateArrival, followedSites, wantsTrials }, cancellationToken: cancellationToken));
        var candidates = rows.Select(c => c with { TextScore = DigestRanking.TextScore(c.Title, c.SummaryText) + DigestRanking.PublicationTypeScore(c.PublicationTypes) }).ToList();
        var explainerBodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var audience in Audiences.All)
        {
            explainerBodies[audience] = await explainers.CurrentAsync(audience, cancellationToken);
        }

        var changes = (await connection.QueryAsync<TrialChangeRow>(new CommandDefinition(
            """
            SELECT t.nct_id, t.brief_title AS title, t.overall_status, t.phases, t.conditions, t.min_age, t.max_age, t.min_age_years, t.max_age_years,
                   t.sex, t.first_posted, c.change, c.site_key, c.from_status, c.to_status, c.changed_on::timestamp AS changed_on, c.recorded_at,
                   coalesce(tags.sites, '{}') AS sites, coalesce(tags.generic_cancer, false) AS generic_cancer
            FROM trial_changes c
            JOIN trials t ON t.nct_id = c.nct_id
            LEFT JOIN LATERAL (
                SELECT i.sites, i.generic_cancer FROM items i
                WHERE i.nct_id = t.nct_id AND i.tagger_version IS NOT NULL ORDER BY cardinality(i.sites) DESC, i.id LIMIT 1
            ) tags ON true
            WHERE c.recorded_at > @from AND c.recorded_at <= @upTo
              AND (@followedSites::text[] IS NULL OR cardinality(@followedSites::text[]) = 0 OR tags.sites && @followedSites::text[]
                   OR (coalesce(tags.generic_cancer, false) AND cardinality(coalesce(tags.sites, '{}')) = 0))
            ORDER BY c.recorded_at, c.id
            """, new { from, upTo, followedSites }, cancellationToken: cancellationToken))).ToList();
        var sites = changes.Count == 0 ? [] : (await connection.QueryAsync<TrialSiteRow>(new CommandDefinition(
            """
            SELECT nct_id, site_key, facility, city, state, country, status, latitude, longitude, removed_at IS NOT NULL AS removed
            FROM trial_sites WHERE nct_id = ANY(@ids)
            """, new { ids = changes.Select(c => c.NctId).Distinct().ToArray() }, cancellationToken: cancellationToken))).ToList();
        return new DigestMaterial(from, upTo, candidates, explainerBodies, await explainers.PointersAsync(cancellationToken), changes, sites);
    }

    private DigestEntry ToEntry(IGrouping<long, DigestCandidate> study)
    {
        var best = study.OrderByDescending(r => r.SummaryText.Length).First();
        var phases = study.SelectMany(r => r.Phases).Distinct().Order(StringComparer.Ordinal).ToList();
        var status = study.Select(r => r.TrialStatus).FirstOrDefault(s => s is not null);
        var summary = best.SummaryText.Length > _options.SummaryChars ? best.SummaryText[.._options.SummaryChars].TrimEnd() + "…" : best.SummaryText;
        return new DigestEntry
        {
            ItemId = best.ItemId,
            Title = best.Title,
            Link = best.Link is { } link && (link.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || link.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? link : null,
            Summary = summary,
            Published = study.Min(r => r.PublishedAt),
            FirstSeen = study.Min(r => r.FirstSeenAt),
            Sources = study.Select(r => r.SourceName).Distinct().Order(StringComparer.Ordinal).ToList(),
            Sites = study.SelectMany(r => r.Sites).Distinct().Order(StringComparer.Ordinal).ToList(),
            CancerTypes = study.SelectMany(r => r.CancerCodes).Distinct().Order(StringComparer.Ordinal).ToList(),
            Modalities = study.SelectMany(r => r.Modalities).Distinct().Order(StringComparer.Ordinal).ToList(),
            IsTrial = study.Any(r => r.IsTrial),
            OpenToAnyCancer = study.Any(r => r.IsTrial && r.GenericCancer) && study.All(r => r.Sites.Length == 0),
            Phases = phases,
            Status = status,
            Rank = DigestRanking.Score(phases, status, best.TextScore),
            NctId = study.Select(r => r.NctId).FirstOrDefault(n => n is not null),
            RegistryTracked = study.Any(r => r.RegistryTracked),
        };
    }

    private static string PrimarySite(DigestEntry entry, string[] followedSites) =>
        entry.Sites.FirstOrDefault(s => followedSites.Length == 0 || followedSites.Contains(s)) ?? "";

    private static string Pointer(IReadOnlyDictionary<string, string> pointers, string site) =>
        pointers.TryGetValue(site, out var pointer) ? pointer : pointers.GetValueOrDefault("*", "");

    private DigestSection Section(string key, string title, string pointer, List<DigestEntry> entries) =>
        new(key, title, pointer, entries.Take(_options.MaxEntriesPerSection).ToList(), Math.Max(0, entries.Count - _options.MaxEntriesPerSection));

    /// <summary>Keeps the digest within the total entry cap; what is cut shows as "N more" on its section.</summary>
    private List<DigestSection> CapTotal(List<DigestSection> sections)
    {
        var budget = _options.MaxEntries;
        var capped = new List<DigestSection>();
        foreach (var section in sections)
        {
            var keep = Math.Min(budget, section.Entries.Count);
            budget -= keep;
            capped.Add(section with { Entries = section.Entries.Take(keep).ToList(), More = section.More + section.Entries.Count - keep });
        }

        return capped;
    }
}
