using System.Globalization;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.Digests;

/// <summary>
/// Chooses the trial updates one subscriber sees: of the trials whose registry record changed in
/// their window and that match the cancer types they follow, those newly recruiting, new and
/// recent, changed in status, or with a new site near them; narrowed by recruiting-only, location,
/// age and sex. Each entry names the change (from -> to, and when), the nearest site (recruiting,
/// where there is one) with its distance, and who may take part. Trials left out only because no
/// site is in the subscriber's location are counted, so the digest can say how many.
/// </summary>
public static class TrialUpdateSelector
{
    /// <summary>A trial first seen this long after the registry first posted it is backlog (a new source's first pass), not news.</summary>
    private static readonly TimeSpan NewTrialWindow = TimeSpan.FromDays(30);

    private const string Recruiting = "RECRUITING";

    public static (List<DigestEntry> Entries, int OutsideLocation) Select(
        IEnumerable<TrialChangeRow> changes, ILookup<string, TrialSiteRow> sites, Subscriber subscriber, string[] followedSites, DateTimeOffset since, DateTimeOffset upTo)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(subscriber);
        var preferences = subscriber.Trials;
        var entries = new List<DigestEntry>();
        var outside = 0;
        foreach (var trial in changes.Where(c => c.RecordedAt > since && c.RecordedAt <= upTo).GroupBy(c => c.NctId, StringComparer.Ordinal))
        {
            var current = trial.OrderBy(c => c.RecordedAt).Last();
            if (!Follows(current, followedSites) || !Eligible(current, preferences))
            {
                continue;
            }

            var statusChanges = trial.Where(c => c.Change == "status").OrderBy(c => c.RecordedAt).ToList();
            var firstSeen = trial.FirstOrDefault(c => c.Change == "first_seen");
            var isRecent = firstSeen is not null && Posted(firstSeen.FirstPosted) is { } posted && posted >= since.UtcDateTime.Date - NewTrialWindow;
            var update =
                current.OverallStatus == Recruiting && (statusChanges.Any(c => c.ToStatus == Recruiting) || isRecent) ? "Newly recruiting"
                : statusChanges.Count > 0 ? "Status changed"
                : isRecent ? "New trial"
                : trial.Any(c => c.Change == "site_added") && preferences.Location is not null ? "New site near you"
                : null;
            if (update is null)
            {
                continue;
            }

            var leftRecruiting = statusChanges.Count > 0 && statusChanges[0].FromStatus == Recruiting && current.OverallStatus != Recruiting;
            if (preferences.RecruitingOnly && current.OverallStatus != Recruiting && !leftRecruiting)
            {
                continue;
            }

            var listed = sites[trial.Key].Where(s => !s.Removed).ToList();
            var wanted = preferences.RecruitingOnly && !leftRecruiting ? listed.Where(s => IsRecruiting(s, current)).ToList() : listed;
            var inLocation = preferences.Location is { } location ? wanted.Where(s => Within(s, location)).ToList() : wanted;
            if (preferences.Location is not null && inLocation.Count == 0)
            {
                outside++;
                continue;
            }

            var added = trial.Where(c => c.Change == "site_added").Select(c => c.SiteKey).ToHashSet(StringComparer.Ordinal);
            string? changeLine;
            if (update == "New site near you")
            {
                var newSites = inLocation.Where(s => added.Contains(s.SiteKey)).ToList();
                if (newSites.Count == 0)
                {
                    continue; // the new sites are elsewhere
                }

                inLocation = newSites;
                changeLine = newSites.Count == 1 ? "New site" : string.Create(CultureInfo.InvariantCulture, $"{newSites.Count} new sites");
            }
            else if (statusChanges.Count > 0)
            {
                var last = statusChanges[^1];
                changeLine = $"{StatusName(statusChanges[0].FromStatus)} → {StatusName(last.ToStatus)}{On(last.ChangedOn)}";
            }
            else
            {
                changeLine = $"New on ClinicalTrials.gov{On(Posted(current.FirstPosted))}, {StatusName(current.OverallStatus).ToLowerInvariant()}";
            }

            if (update != "New site near you" && preferences.Location is not null && inLocation.Where(s => added.Contains(s.SiteKey)).ToList() is { Count: > 0 } alsoNew)
            {
                // Newly recruiting (or changed) and a new site near the subscriber too: say both.
                changeLine += alsoNew.Count == 1 ? $"; new site: {Describe(alsoNew[0], preferences.Location)}" : string.Create(CultureInfo.InvariantCulture, $"; {alsoNew.Count} new sites near you");
            }

            entries.Add(new DigestEntry
            {
                NctId = current.NctId,
                Title = current.Title,
                Link = $"https://clinicaltrials.gov/study/{current.NctId}",
                FirstSeen = current.RecordedAt,
                IsTrial = true,
                Sites = current.Sites,
                Phases = current.Phases,
                Status = current.OverallStatus,
                Conditions = current.Conditions,
                Update = update,
                ChangeLine = changeLine,
                NearestSite = Nearest(inLocation, current, preferences.Location),
                Eligibility = EligibilityLine(current),
                Sources = ["ClinicalTrials.gov"],
                Rank = (update switch { "Newly recruiting" => 300, "New site near you" => 200, "Status changed" => 100, _ => 0 }) + DigestRanking.Score(current.Phases, current.OverallStatus, 0),
            });
        }

        return (entries.OrderByDescending(e => e.Rank).ThenBy(e => e.NctId, StringComparer.Ordinal).ToList(), outside);
    }

    private static bool Follows(TrialChangeRow trial, string[] followedSites) =>
        followedSites.Length == 0 || trial.Sites.Any(followedSites.Contains) || (trial.GenericCancer && trial.Sites.Length == 0);

    private static bool Eligible(TrialChangeRow trial, TrialPreferences preferences)
    {
        if (preferences.AgeYears is { } age && (trial.MinAgeYears > age || trial.MaxAgeYears < age))
        {
            return false;
        }

        return preferences.Sex is not { } sex || trial.Sex is null or "ALL" || string.Equals(trial.Sex, sex, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsRecruiting(TrialSiteRow site, TrialChangeRow trial) =>
        site.Status == Recruiting || (site.Status is null && trial.OverallStatus == Recruiting);

    private static bool Within(TrialSiteRow site, TrialLocation location)
    {
        if (location.IsPoint)
        {
            return site.Latitude is { } lat && site.Longitude is { } lon
                && GeoDistance.Kilometres(location.Latitude!.Value, location.Longitude!.Value, lat, lon) <= location.RadiusKm!.Value;
        }

        return string.Equals(site.Country?.Trim(), location.Country?.Trim(), StringComparison.OrdinalIgnoreCase)
            && (string.IsNullOrWhiteSpace(location.State) || string.Equals(site.State?.Trim(), location.State.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string? Nearest(List<TrialSiteRow> sites, TrialChangeRow trial, TrialLocation? location)
    {
        if (sites.Count == 0)
        {
            return null;
        }

        var pool = sites.Any(s => IsRecruiting(s, trial)) ? sites.Where(s => IsRecruiting(s, trial)).ToList() : sites;
        if (location is { IsPoint: true })
        {
            var nearest = pool
                .Where(s => s.Latitude is not null && s.Longitude is not null)
                .Select(s => (Site: s, Km: GeoDistance.Kilometres(location.Latitude!.Value, location.Longitude!.Value, s.Latitude!.Value, s.Longitude!.Value)))
                .OrderBy(p => p.Km)
                .FirstOrDefault();
            if (nearest.Site is not null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{nearest.Site.Place} · {nearest.Km:0} km");
            }
        }

        var first = pool.OrderBy(s => s.Country, StringComparer.Ordinal).ThenBy(s => s.State, StringComparer.Ordinal).ThenBy(s => s.City, StringComparer.Ordinal).First();
        return pool.Count == 1 ? first.Place : string.Create(CultureInfo.InvariantCulture, $"{first.Place} (and {pool.Count - 1} more)");
    }

    private static string Describe(TrialSiteRow site, TrialLocation location) =>
        location.IsPoint && site.Latitude is { } lat && site.Longitude is { } lon
            ? string.Create(CultureInfo.InvariantCulture, $"{site.Place} · {GeoDistance.Kilometres(location.Latitude!.Value, location.Longitude!.Value, lat, lon):0} km")
            : site.Place;

    private static string EligibilityLine(TrialChangeRow trial)
    {
        var ages = (trial.MinAge, trial.MaxAge) switch
        {
            (null, null) => "All ages",
            ({ } min, null) => $"Ages {min} and over",
            (null, { } max) => $"Ages up to {max}",
            ({ } min, { } max) => $"Ages {min} to {max}",
        };
        var sex = trial.Sex switch
        {
            "FEMALE" => "women only",
            "MALE" => "men only",
            _ => "all sexes",
        };
        return $"{ages} · {sex}";
    }

    /// <summary>An API status in words, as the registry's site writes it: "Not yet recruiting", "Active, not recruiting".</summary>
    public static string StatusName(string? status)
    {
        if (status is null)
        {
            return "Unknown";
        }

        var words = status.Replace('_', ' ').ToLowerInvariant();
        words = words == "active not recruiting" ? "active, not recruiting" : words;
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string On(DateTime? day) => day is { } d ? " on " + d.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "";

    private static DateTime? Posted(string? date) =>
        DateTime.TryParseExact(date, ["yyyy-MM-dd", "yyyy-MM"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day) ? day : null;
}
