using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Tests.Scheduling;

public sealed class PollIntervalPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly PollIntervalPolicy _policy = new(Options.Create(new PollingOptions()));

    private static ParsedFeed FeedWithItemsEvery(TimeSpan spacing, int count, TimeSpan? ttl = null) => new("rss2.0", "t", null,
        Enumerable.Range(0, count).Select(i => new ParsedItem { Key = $"k{i}", Title = "x", Published = Now - spacing * i }).ToList()) { Ttl = ttl };

    [Fact]
    public void An_admins_interval_wins_over_adaptation() =>
        Assert.Equal(TimeSpan.FromHours(6), _policy.AfterSuccess(TimeSpan.FromHours(6), FeedWithItemsEvery(TimeSpan.FromMinutes(10), 100), null, null, Now));

    [Fact]
    public void A_busy_feed_is_polled_more_often_than_a_quiet_one()
    {
        var busy = _policy.AfterSuccess(null, FeedWithItemsEvery(TimeSpan.FromHours(2), 84), null, null, Now); // 84 items in a week
        var quiet = _policy.AfterSuccess(null, FeedWithItemsEvery(TimeSpan.FromDays(2), 4), null, null, Now);  // 4 in a week
        Assert.Equal(TimeSpan.FromHours(2), busy);
        Assert.Equal(TimeSpan.FromDays(1), quiet); // clamped at the ceiling
    }

    [Fact]
    public void Publisher_hints_only_lengthen_the_interval()
    {
        Assert.Equal(TimeSpan.FromHours(3), _policy.AfterSuccess(TimeSpan.FromHours(1), FeedWithItemsEvery(TimeSpan.FromHours(1), 1, ttl: TimeSpan.FromHours(3)), null, null, Now));
        Assert.Equal(TimeSpan.FromHours(1), _policy.AfterSuccess(TimeSpan.FromHours(1), null, null, TimeSpan.FromMinutes(1), Now));
        Assert.Equal(TimeSpan.FromHours(2), _policy.AfterSuccess(TimeSpan.FromHours(1), null, null, TimeSpan.FromHours(2), Now));
    }

    [Fact]
    public void Intervals_stay_within_floor_and_ceiling()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), _policy.AfterSuccess(TimeSpan.FromMinutes(1), null, null, null, Now));
        Assert.Equal(TimeSpan.FromDays(1), _policy.AfterSuccess(null, null, null, TimeSpan.FromDays(30), Now));
    }

    [Fact]
    public void Failures_double_the_wait_up_to_a_day()
    {
        var waits = Enumerable.Range(1, 7).Select(n => _policy.AfterFailure(null, n, null)).ToList();
        Assert.Equal([1, 2, 4, 8, 16, 24, 24], waits.Select(w => w.TotalHours));
    }

    [Fact]
    public void Retry_after_can_lengthen_a_failure_wait() =>
        Assert.Equal(TimeSpan.FromHours(5), _policy.AfterFailure(null, 1, TimeSpan.FromHours(5)));
}
