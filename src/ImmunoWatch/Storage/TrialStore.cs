using System.Globalization;
using System.Text.Json;
using Dapper;
using ImmunoWatch.Parsing;
using ImmunoWatch.Processing;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Writes the registry's record of each trial in a fetch, in a constant number of round trips, and
/// records what changed: (1) the stored hash and status of the batch's trials, rows locked in NCT-id
/// order; (2) the stored sites of the trials that changed; (3) one batch writing trials, sites, sites
/// no longer listed and the change history. An unchanged trial writes nothing.
/// </summary>
public static class TrialStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <returns>The changes recorded (a first sighting counts as one).</returns>
    public static async Task<IReadOnlyList<TrialChange>> StoreAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ProcessedItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(items);
        var trials = items.Where(i => i.Item.Trial is not null)
            .Select(i => (Trial: i.Item.Trial!, Hash: i.Item.ContentHash))
            .DistinctBy(t => t.Trial.NctId, StringComparer.Ordinal)
            .OrderBy(t => t.Trial.NctId, StringComparer.Ordinal)
            .ToList();
        if (trials.Count == 0)
        {
            return [];
        }

        var known = (await connection.QueryAsync<(string NctId, string ContentHash, string OverallStatus)>(new CommandDefinition(
            "SELECT nct_id, content_hash, overall_status FROM trials WHERE nct_id = ANY(@ids) ORDER BY nct_id FOR UPDATE",
            new { ids = trials.Select(t => t.Trial.NctId).ToArray() }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(k => k.NctId, StringComparer.Ordinal);
        var changed = trials.Where(t => !known.TryGetValue(t.Trial.NctId, out var k) || k.ContentHash != t.Hash).ToList();
        if (changed.Count == 0)
        {
            return [];
        }

        var updatedIds = changed.Where(t => known.ContainsKey(t.Trial.NctId)).Select(t => t.Trial.NctId).ToArray();
        var storedSites = (updatedIds.Length == 0 ? [] : await connection.QueryAsync<(string NctId, string SiteKey, string? Status, bool Removed)>(new CommandDefinition(
            "SELECT nct_id, site_key, status, removed_at IS NOT NULL FROM trial_sites WHERE nct_id = ANY(@ids)",
            new { ids = updatedIds }, transaction, cancellationToken: cancellationToken))).ToLookup(s => s.NctId, StringComparer.Ordinal);

        var changes = new List<TrialChange>();
        var removed = new List<object>();
        foreach (var (trial, _) in changed)
        {
            var changedOn = DateOnly.TryParseExact(trial.LastUpdatePosted, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : (DateOnly?)null;
            if (!known.TryGetValue(trial.NctId, out var before))
            {
                changes.Add(new TrialChange(trial.NctId, "first_seen", null, null, trial.OverallStatus, changedOn));
                continue;
            }

            if (before.OverallStatus != trial.OverallStatus)
            {
                changes.Add(new TrialChange(trial.NctId, "status", null, before.OverallStatus, trial.OverallStatus, changedOn));
            }

            var old = storedSites[trial.NctId].ToDictionary(s => s.SiteKey, StringComparer.Ordinal);
            foreach (var site in trial.Sites)
            {
                if (!old.TryGetValue(site.Key, out var was) || was.Removed)
                {
                    changes.Add(new TrialChange(trial.NctId, "site_added", site.Key, null, site.Status, changedOn));
                }
                else if (was.Status != site.Status)
                {
                    changes.Add(new TrialChange(trial.NctId, "site_status", site.Key, was.Status, site.Status, changedOn));
                }
            }

            var listed = trial.Sites.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            foreach (var gone in old.Values.Where(s => !s.Removed && !listed.Contains(s.SiteKey)))
            {
                changes.Add(new TrialChange(trial.NctId, "site_removed", gone.SiteKey, gone.Status, null, changedOn));
                removed.Add(new { nct_id = trial.NctId, site_key = gone.SiteKey });
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(Write, new
        {
            trials = JsonSerializer.Serialize(changed.Select(t => Row(t.Trial, t.Hash)), Json),
            sites = JsonSerializer.Serialize(changed.SelectMany(t => t.Trial.Sites.Select(s => SiteRow(t.Trial.NctId, s))), Json),
            removed = JsonSerializer.Serialize(removed, Json),
            changes = JsonSerializer.Serialize(changes.Select(c => new { nct_id = c.NctId, change = c.Change, site_key = c.SiteKey, from_status = c.FromStatus, to_status = c.ToStatus, changed_on = c.ChangedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }), Json),
            now,
        }, transaction, cancellationToken: cancellationToken));
        return changes;
    }

    private static object Row(TrialRecord t, string hash) => new
    {
        nct_id = t.NctId,
        brief_title = t.BriefTitle,
        official_title = t.OfficialTitle,
        overall_status = t.OverallStatus,
        last_known_status = t.LastKnownStatus,
        why_stopped = t.WhyStopped,
        phases = t.Phases,
        study_type = t.StudyType,
        conditions = t.Conditions,
        condition_mesh = t.ConditionMesh,
        interventions = t.Interventions.Select(i => new { type = i.Type, name = i.Name }),
        sponsor = t.Sponsor,
        brief_summary = t.BriefSummary,
        start_date = t.StartDate,
        primary_completion_date = t.PrimaryCompletionDate,
        first_posted = t.FirstPosted,
        last_update_posted = t.LastUpdatePosted,
        min_age = t.Eligibility.MinimumAge,
        max_age = t.Eligibility.MaximumAge,
        min_age_years = t.Eligibility.MinimumAgeYears,
        max_age_years = t.Eligibility.MaximumAgeYears,
        sex = t.Eligibility.Sex,
        healthy_volunteers = t.Eligibility.HealthyVolunteers,
        eligibility_criteria = t.Eligibility.Criteria,
        content_hash = hash,
    };

    private static object SiteRow(string nctId, TrialSite s) => new
    {
        nct_id = nctId,
        site_key = s.Key,
        facility = s.Facility,
        city = s.City,
        state = s.State,
        country = s.Country,
        status = s.Status,
        latitude = s.Latitude is >= -90 and <= 90 ? s.Latitude : null,
        longitude = s.Longitude is >= -180 and <= 180 ? s.Longitude : null,
    };

    private const string Write =
        """
        INSERT INTO trials (nct_id, brief_title, official_title, overall_status, last_known_status, why_stopped, phases, study_type,
                            conditions, condition_mesh, interventions, sponsor, brief_summary, start_date, primary_completion_date,
                            first_posted, last_update_posted, min_age, max_age, min_age_years, max_age_years, sex, healthy_volunteers,
                            eligibility_criteria, content_hash, first_seen_at, updated_at)
        SELECT t.nct_id, t.brief_title, t.official_title, t.overall_status, t.last_known_status, t.why_stopped,
               ARRAY(SELECT jsonb_array_elements_text(t.phases)), t.study_type,
               ARRAY(SELECT jsonb_array_elements_text(t.conditions)), ARRAY(SELECT jsonb_array_elements_text(t.condition_mesh)),
               t.interventions, t.sponsor, t.brief_summary, t.start_date, t.primary_completion_date, t.first_posted, t.last_update_posted,
               t.min_age, t.max_age, t.min_age_years, t.max_age_years, t.sex, t.healthy_volunteers, t.eligibility_criteria, t.content_hash,
               @now, @now
        FROM jsonb_to_recordset(@trials::jsonb) AS t(nct_id text, brief_title text, official_title text, overall_status text,
             last_known_status text, why_stopped text, phases jsonb, study_type text, conditions jsonb, condition_mesh jsonb,
             interventions jsonb, sponsor text, brief_summary text, start_date text, primary_completion_date text, first_posted text,
             last_update_posted text, min_age text, max_age text, min_age_years numeric, max_age_years numeric, sex text,
             healthy_volunteers boolean, eligibility_criteria text, content_hash text)
        ON CONFLICT (nct_id) DO UPDATE SET
            brief_title = excluded.brief_title, official_title = excluded.official_title, overall_status = excluded.overall_status,
            last_known_status = excluded.last_known_status, why_stopped = excluded.why_stopped, phases = excluded.phases,
            study_type = excluded.study_type, conditions = excluded.conditions, condition_mesh = excluded.condition_mesh,
            interventions = excluded.interventions, sponsor = excluded.sponsor, brief_summary = excluded.brief_summary,
            start_date = excluded.start_date, primary_completion_date = excluded.primary_completion_date,
            first_posted = excluded.first_posted, last_update_posted = excluded.last_update_posted, min_age = excluded.min_age,
            max_age = excluded.max_age, min_age_years = excluded.min_age_years, max_age_years = excluded.max_age_years,
            sex = excluded.sex, healthy_volunteers = excluded.healthy_volunteers, eligibility_criteria = excluded.eligibility_criteria,
            content_hash = excluded.content_hash, updated_at = @now;

        INSERT INTO trial_sites (nct_id, site_key, facility, city, state, country, status, latitude, longitude, first_seen_at)
        SELECT s.nct_id, s.site_key, s.facility, s.city, s.state, s.country, s.status, s.latitude, s.longitude, @now
        FROM jsonb_to_recordset(@sites::jsonb) AS s(nct_id text, site_key text, facility text, city text, state text, country text,
             status text, latitude double precision, longitude double precision)
        ON CONFLICT (nct_id, site_key) DO UPDATE SET
            facility = excluded.facility, city = excluded.city, state = excluded.state, country = excluded.country,
            status = excluded.status, latitude = excluded.latitude, longitude = excluded.longitude, removed_at = NULL;

        UPDATE trial_sites s SET removed_at = @now
        FROM jsonb_to_recordset(@removed::jsonb) AS r(nct_id text, site_key text)
        WHERE s.nct_id = r.nct_id AND s.site_key = r.site_key;

        INSERT INTO trial_changes (nct_id, change, site_key, from_status, to_status, changed_on, recorded_at)
        SELECT c.nct_id, c.change, c.site_key, c.from_status, c.to_status, c.changed_on, @now
        FROM jsonb_to_recordset(@changes::jsonb) AS c(nct_id text, change text, site_key text, from_status text, to_status text, changed_on date);
        """;
}
