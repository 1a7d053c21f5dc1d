using System.Globalization;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Time one poll spent in each pipeline stage, or their sums over a run. Fetch counts from the
/// request to the whole body; store-wait is the wait for a store slot (<see cref="StoreLimiter"/>);
/// store counts from getting the slot to the commit, identifier-lock waits included.
/// </summary>
public readonly record struct StageTimes(TimeSpan Fetch, TimeSpan Parse, TimeSpan Process, TimeSpan StoreWait, TimeSpan Store)
{
    public static StageTimes operator +(StageTimes a, StageTimes b) =>
        new(a.Fetch + b.Fetch, a.Parse + b.Parse, a.Process + b.Process, a.StoreWait + b.StoreWait, a.Store + b.Store);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"fetch_s={Fetch.TotalSeconds:0.###} parse_s={Parse.TotalSeconds:0.###} process_s={Process.TotalSeconds:0.###} store_wait_s={StoreWait.TotalSeconds:0.###} store_s={Store.TotalSeconds:0.###}");
}
