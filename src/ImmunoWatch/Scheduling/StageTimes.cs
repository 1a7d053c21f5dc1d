using System.Globalization;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Time one poll spent in each pipeline stage, or their sums over a run. Fetch counts from the
/// request to the whole body; store counts from asking for a store slot to the commit, so it
/// includes waiting for a slot and for identifier locks.
/// </summary>
public readonly record struct StageTimes(TimeSpan Fetch, TimeSpan Parse, TimeSpan Process, TimeSpan Store)
{
    public static StageTimes operator +(StageTimes a, StageTimes b) =>
        new(a.Fetch + b.Fetch, a.Parse + b.Parse, a.Process + b.Process, a.Store + b.Store);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"fetch_s={Fetch.TotalSeconds:0.###} parse_s={Parse.TotalSeconds:0.###} process_s={Process.TotalSeconds:0.###} store_s={Store.TotalSeconds:0.###}");
}
