using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ImmunoWatch.Sources;

/// <summary>
/// A ClinicalTrials.gov API v2 query as a source: its URL is the <c>/api/v2/studies</c> endpoint with
/// the admin's query parameters (<c>query.cond=melanoma&amp;query.term=immunotherapy</c>). Each page
/// request adds the page size, the fields ImmunoWatch stores, the page token and, after a complete
/// pass, a last-update filter so that only studies changed since then come back.
/// </summary>
public static class CtGovQuery
{
    public const string DefaultEndpoint = "https://clinicaltrials.gov/api/v2/studies";

    /// <summary>The API's field pieces for what <see cref="Parsing.TrialRecord"/> holds, and nothing more.</summary>
    public const string Fields =
        "NCTId,BriefTitle,OfficialTitle,OverallStatus,LastKnownStatus,WhyStopped,Phase,StudyType,Condition,ConditionMeshTerm," +
        "InterventionType,InterventionName,LeadSponsorName,BriefSummary,StartDate,PrimaryCompletionDate,StudyFirstPostDate," +
        "LastUpdatePostDate,MinimumAge,MaximumAge,Sex,HealthyVolunteers,EligibilityCriteria,LocationFacility,LocationCity," +
        "LocationState,LocationCountry,LocationStatus,LocationGeoPoint";

    /// <summary>True for a URL of the API's studies endpoint (any host: tests and mirrors serve it on loopback).</summary>
    public static bool IsApiUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.TrimEnd('/').EndsWith("/api/v2/studies", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The source URL for a query string such as <c>query.cond=melanoma&amp;filter.overallStatus=RECRUITING</c>.</summary>
    /// <exception cref="ArgumentException">The query is empty or sets what each page request sets itself.</exception>
    public static Uri FromQuery(string query, string endpoint = DefaultEndpoint)
    {
        ArgumentNullException.ThrowIfNull(query);
        var parsed = QueryHelpers.ParseQuery(query.TrimStart('?'));
        if (parsed.Count == 0)
        {
            throw new ArgumentException("a ClinicalTrials.gov query needs at least one parameter, for example query.cond=melanoma", nameof(query));
        }

        foreach (var reserved in new[] { "pageToken", "format", "countTotal" })
        {
            if (parsed.ContainsKey(reserved))
            {
                throw new ArgumentException($"'{reserved}' is set by ImmunoWatch on each page request; leave it out of the query", nameof(query));
            }
        }

        return new Uri(QueryHelpers.AddQueryString(endpoint, parsed.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))));
    }

    /// <param name="source">The source URL (endpoint and the admin's query).</param>
    /// <param name="pageSize">Studies per page, unless the query sets its own.</param>
    /// <param name="pageToken">The previous page's nextPageToken; null for the first page.</param>
    /// <param name="updatedSince">After a complete pass: only studies whose last update was posted on or after this day.</param>
    public static Uri PageUrl(Uri source, int pageSize, string? pageToken, DateOnly? updatedSince)
    {
        ArgumentNullException.ThrowIfNull(source);
        var query = QueryHelpers.ParseQuery(source.Query);
        var parameters = query.SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))).Where(p => p.Key != "filter.advanced").ToList();
        parameters.Add(new("format", "json"));
        if (!query.ContainsKey("pageSize"))
        {
            parameters.Add(new("pageSize", pageSize.ToString(CultureInfo.InvariantCulture)));
        }

        if (!query.ContainsKey("fields"))
        {
            parameters.Add(new("fields", Fields));
        }

        var advanced = query.TryGetValue("filter.advanced", out var given) ? given.ToString() : null;
        if (updatedSince is { } since)
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"AREA[LastUpdatePostDate]RANGE[{since:yyyy-MM-dd},MAX]");
            advanced = string.IsNullOrWhiteSpace(advanced) ? range : $"({advanced}) AND {range}";
        }

        if (!string.IsNullOrWhiteSpace(advanced))
        {
            parameters.Add(new("filter.advanced", advanced));
        }

        if (pageToken is not null)
        {
            parameters.Add(new("pageToken", pageToken));
        }

        var endpoint = source.GetLeftPart(UriPartial.Path);
        return new Uri(QueryHelpers.AddQueryString(endpoint, parameters));
    }
}
