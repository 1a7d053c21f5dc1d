using ImmunoWatch.Scheduling;

namespace ImmunoWatch.Tests.Scheduling;

public sealed class PollSummaryTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Stage_times_add_up_over_the_polled_sources_and_skipped_ones_do_not_count()
    {
        var results = new[]
        {
            new SourcePollResult(1, PollOutcome.Ok, 3, 0, null) { Times = new StageTimes(Ms(100), Ms(20), Ms(5), Ms(7), Ms(40)) },
            new SourcePollResult(2, PollOutcome.NotModified, 0, 0, null) { Times = new StageTimes(Ms(10), default, default, default, default) },
            new SourcePollResult(3, PollOutcome.Skipped, 0, 0, "claim lost") { Times = new StageTimes(Ms(999), Ms(999), Ms(999), Ms(999), Ms(999)) },
        };

        var summary = PollSummary.From(results, TimeSpan.FromSeconds(1));

        Assert.Equal(new StageTimes(Ms(110), Ms(20), Ms(5), Ms(7), Ms(40)), summary.Stages);
        Assert.Equal("fetch_s=0.11 parse_s=0.02 process_s=0.005 store_wait_s=0.007 store_s=0.04", summary.Stages.ToString());
        Assert.Equal("polled=2 ok=1 not_modified=1 failed=0 items_new=3 items_updated=0 seconds=1", summary.ToString());
    }
}
