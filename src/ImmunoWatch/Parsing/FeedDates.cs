using System.Globalization;
using System.Text.RegularExpressions;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Reads the dates feeds really carry: RFC 822 with named zones (EST, EDT, PST, HST ...), offsets
/// without a colon (+0900), ISO 8601 / W3C-DTF in full or in part, and bare "yyyy-MM-dd HH:mm:ss"
/// (taken as UTC). Returns null instead of guessing when nothing fits. Results are in UTC.
/// </summary>
public static partial class FeedDates
{
    private static readonly Dictionary<string, string> NamedZones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = "+00:00", ["UTC"] = "+00:00", ["GMT"] = "+00:00", ["Z"] = "+00:00", ["BST"] = "+01:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
        ["AKST"] = "-09:00", ["AKDT"] = "-08:00", ["HST"] = "-10:00", ["CET"] = "+01:00", ["CEST"] = "+02:00",
        ["EET"] = "+02:00", ["EEST"] = "+03:00", ["JST"] = "+09:00", ["KST"] = "+09:00", ["IST"] = "+05:30",
        ["AEST"] = "+10:00", ["AEDT"] = "+11:00", ["A"] = "-01:00", ["M"] = "-12:00", ["N"] = "+01:00", ["Y"] = "+12:00",
    };

    private static readonly string[] Rfc822Formats =
    [
        "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yy HH:mm:ss zzz", "d MMM yy HH:mm zzz",
        "d MMMM yyyy HH:mm:ss zzz", "d MMM yyyy H:mm:ss zzz", "d MMM yyyy", "d MMMM yyyy",
    ];

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd", "yyyy-MM", "yyyy",
        "yyyyMMdd'T'HHmmsszzz", "yyyyMMdd",
    ];

    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = HtmlContent.CollapseWhitespace(value);
        var iso = ParseIso(text);
        if (iso is not null)
        {
            return iso;
        }

        var rfc = ParseRfc822(text);
        if (rfc is not null)
        {
            return rfc;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var any)
            ? any.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? ParseIso(string text)
    {
        if (text.Length < 4 || !char.IsAsciiDigit(text[0]))
        {
            return null;
        }

        if (!text.Contains(':', StringComparison.Ordinal))
        {
            return DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day)
                ? day.ToUniversalTime()
                : null;
        }

        var normalised = IsoZone().Replace(text, m => m.Groups["z"].Value switch
        {
            "Z" or "z" => "+00:00",
            var z when z.Length == 5 => z[..3] + ":" + z[3..],
            var z when z.Length == 3 => z + ":00",
            var z => z,
        });
        return DateTimeOffset.TryParseExact(normalised, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        // Drop the day name: publishers get it wrong often enough that it must not veto the date.
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        var rest = comma is > 0 and < 12 ? text[(comma + 1)..].Trim() : DayName().Replace(text, "");
        var zone = TrailingZone().Match(rest);
        if (zone.Success)
        {
            var token = zone.Groups["zone"].Value;
            string? offset = token switch
            {
                _ when NamedZones.TryGetValue(token, out var named) => named,
                ['+' or '-', _, _, _, _] => token[..3] + ":" + token[3..],
                ['+' or '-', _, _, ':', _, _] => token,
                _ => null,
            };
            if (offset is null)
            {
                return null;
            }

            rest = rest[..zone.Index].TrimEnd() + " " + offset;
        }
        else
        {
            rest += " +00:00";
        }

        return DateTimeOffset.TryParseExact(rest, Rfc822Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed.ToUniversalTime()
            : null;
    }

    [GeneratedRegex(@"(?<z>[Zz]|[+-]\d{2}:?\d{2}|[+-]\d{2})$")]
    private static partial Regex IsoZone();

    [GeneratedRegex(@"\s(?<zone>[A-Za-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})$")]
    private static partial Regex TrailingZone();

    [GeneratedRegex(@"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?\s+", RegexOptions.IgnoreCase)]
    private static partial Regex DayName();
}
