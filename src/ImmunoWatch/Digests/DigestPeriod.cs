using System.Globalization;

namespace ImmunoWatch.Digests;

/// <summary>The period a digest covers, named by a key unique per subscriber (2026-W48, 2026-11-27).</summary>
public sealed record DigestPeriod(string Key, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The period that ends at <paramref name="now"/> for the cadence, keyed in the subscriber's time zone.</summary>
    public static DigestPeriod Ending(DateTimeOffset now, string cadence, string timeZone)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (cadence == Subscribers.Cadences.Daily)
        {
            return new DigestPeriod(local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), now.AddDays(-1), now);
        }

        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local.DateTime)}-W{ISOWeek.GetWeekOfYear(local.DateTime):00}");
        return new DigestPeriod(key, now.AddDays(-7), now);
    }
}
