using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Scheduling;

/// <summary>How API sources (ClinicalTrials.gov v2) are paged (configuration section <c>ApiPaging</c>).</summary>
public sealed class ApiPagingOptions
{
    public const string Section = "ApiPaging";

    /// <summary>Studies asked for per page, unless the source's query sets pageSize. Default 100 (the API allows up to 1,000).</summary>
    [Range(1, 1_000)]
    public int PageSize { get; set; } = 100;

    /// <summary>Most pages one pass follows; a query with more is an error on the source (narrow the query). Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxPagesPerPass { get; set; } = 200;

    /// <summary>Pause between two pages of one pass, to stay well under the API's rate limit. Default 1.5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PageDelay { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// How far before the start of the last complete pass an incremental pass reaches back (the API
    /// filters by the day a change was posted). Default 2 days.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "30.00:00:00")]
    public TimeSpan IncrementalOverlap { get; set; } = TimeSpan.FromDays(2);
}
