using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages.Admin;

/// <summary>Server-rendered SVG plots: items per cancer type per week, trials by status, source failures over time.</summary>
public sealed class PlotsModel(PlotData plots, TimeProvider time) : PageModel
{
    public const int Weeks = 12;
    public const int Days = 30;
    public const int TopSites = 12;

    public IReadOnlyList<(string Site, int[] Weeks)> SitesByWeek { get; private set; } = [];

    public IReadOnlyList<(string Label, int Value)> TrialsByStatus { get; private set; } = [];

    public int[] FailuresPerDay { get; private set; } = [];

    public IReadOnlyList<(string Label, int Value)> FailuresByKind { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var thisWeek = now.UtcDateTime.Date.AddDays(-(((int)now.UtcDateTime.DayOfWeek + 6) % 7));
        SitesByWeek = (await plots.ItemsPerSiteAndWeekAsync(Weeks, now, cancellationToken))
            .GroupBy(r => r.Site, StringComparer.Ordinal)
            .Select(g =>
            {
                var weeks = new int[Weeks];
                foreach (var (_, week, items) in g)
                {
                    var index = Weeks - 1 - (int)((thisWeek - week.Date).TotalDays / 7);
                    if (index is >= 0 and < Weeks)
                    {
                        weeks[index] += items;
                    }
                }

                return (g.Key, weeks);
            })
            .OrderByDescending(s => s.weeks.Sum())
            .ThenBy(s => s.Key, StringComparer.Ordinal)
            .Take(TopSites)
            .ToList();
        TrialsByStatus = (await plots.TrialsByStatusAsync(cancellationToken)).Select(t => (t.Status, t.Trials)).ToList();
        var failures = await plots.FailuresPerDayAsync(Days, now, cancellationToken);
        var today = now.UtcDateTime.Date;
        FailuresPerDay = new int[Days];
        foreach (var (day, _, count) in failures)
        {
            var index = Days - 1 - (int)(today - day.Date).TotalDays;
            if (index is >= 0 and < Days)
            {
                FailuresPerDay[index] += count;
            }
        }

        FailuresByKind = failures.GroupBy(f => f.Kind, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(f => f.Failures))).OrderByDescending(k => k.Item2).ToList();
    }
}
