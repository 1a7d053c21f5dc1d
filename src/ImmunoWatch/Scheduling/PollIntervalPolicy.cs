using ImmunoWatch.Parsing;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Decides when a source is polled next. A healthy source waits its own interval if an admin set
/// one, else an interval adapted to how often it publishes (a week divided by last week's items);
/// the publisher's hints (RSS ttl, Cache-Control/Expires, Retry-After) can only lengthen it; the
/// result stays within the floor and ceiling. A failing source backs off exponentially up to a cap
/// and is never dropped.
/// </summary>
public sealed class PollIntervalPolicy(IOptions<PollingOptions> options)
{
    private readonly PollingOptions _options = options.Value;

    public TimeSpan AfterSuccess(TimeSpan? sourceInterval, ParsedFeed? feed, TimeSpan? previous, TimeSpan? freshFor, DateTimeOffset now)
    {
        var interval = sourceInterval ?? Adapted(feed, now) ?? previous ?? _options.DefaultInterval;
        interval = Max(interval, feed?.Ttl, freshFor);
        return Clamp(interval, _options.MinInterval, _options.MaxInterval);
    }

    /// <param name="consecutiveErrors">Errors in a row, including this one (1 or more).</param>
    public TimeSpan AfterFailure(TimeSpan? sourceInterval, int consecutiveErrors, TimeSpan? retryAfter)
    {
        var baseInterval = Clamp(sourceInterval ?? _options.DefaultInterval, _options.MinInterval, _options.MaxInterval);
        var exponent = Math.Clamp(consecutiveErrors - 1, 0, 16);
        var backoff = TimeSpan.FromTicks((long)Math.Min(_options.MaxBackoff.Ticks, baseInterval.Ticks * Math.Pow(2, exponent)));
        return Max(backoff, retryAfter);
    }

    private TimeSpan? Adapted(ParsedFeed? feed, DateTimeOffset now)
    {
        if (feed is null)
        {
            return null;
        }

        var weekAgo = now - TimeSpan.FromDays(7);
        var lastWeek = feed.Items.Count(i => i.Published is { } p && p > weekAgo && p <= now + TimeSpan.FromDays(1));
        if (lastWeek == 0)
        {
            return feed.Items.Any(i => i.Published is not null) ? _options.MaxInterval : null;
        }

        return TimeSpan.FromDays(7) / lastWeek;
    }

    private static TimeSpan Max(TimeSpan value, params TimeSpan?[] hints) =>
        hints.Aggregate(value, (current, hint) => hint is { } h && h > current ? h : current);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
