using ImmunoWatch.Tagging;
using MimeKit;

namespace ImmunoWatch.Subscribers;

/// <summary>
/// Checks a subscriber before it is stored: one plain address (no display name, no second
/// address, no control characters that could smuggle headers), a name without control characters,
/// known followed types (OncoTree codes or tissues), a real time zone.
/// </summary>
public static class SubscriberValidator
{
    public static IReadOnlyList<string> Validate(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var errors = new List<string>();
        if (EmailError(subscriber.Email) is { } email)
        {
            errors.Add(email);
        }

        if (subscriber.Name.Length > 200 || subscriber.Name.Any(char.IsControl))
        {
            errors.Add("name: at most 200 characters, no control characters (CR, LF, NUL ...)");
        }

        if (!Audiences.All.Contains(subscriber.Audience))
        {
            errors.Add($"audience: '{subscriber.Audience}' is not one of {string.Join(", ", Audiences.All)}");
        }

        if (!Cadences.All.Contains(subscriber.Cadence))
        {
            errors.Add($"cadence: '{subscriber.Cadence}' is not one of {string.Join(", ", Cadences.All)}");
        }

        foreach (var code in subscriber.Followed)
        {
            if (OncoTree.Shipped.Find(code) is null)
            {
                errors.Add($"follow: '{code}' is not an OncoTree code or tissue (e.g. LUNG, SKIN, NSCLC, MEL)");
            }
        }

        if (subscriber.SendWeekday is < 1 or > 7 || subscriber.SendHour is < 0 or > 23)
        {
            errors.Add("schedule: weekday 1-7 (Monday = 1) and hour 0-23");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(subscriber.TimeZone, out _))
        {
            errors.Add($"time zone: '{subscriber.TimeZone}' is not a known time zone (e.g. Europe/London, America/New_York)");
        }

        errors.AddRange(TrialPreferenceErrors(subscriber.Trials));
        return errors;
    }

    private static IEnumerable<string> TrialPreferenceErrors(TrialPreferences trials)
    {
        if (trials.AgeYears is < 0 or > 120)
        {
            yield return $"age: {trials.AgeYears} is not an age in years (0-120)";
        }

        if (trials.Sex is { } sex && !Sexes.All.Contains(sex))
        {
            yield return $"sex: '{sex}' is not one of {string.Join(", ", Sexes.All)} (leave it out for either)";
        }

        if (trials.Location is not { } location)
        {
            yield break;
        }

        var parts = new[] { location.Country, location.State, location.Label };
        if (parts.Any(p => p is not null && (p.Length > 100 || p.Any(char.IsControl))))
        {
            yield return "location: country, state and place names are at most 100 characters, no control characters";
        }

        if (location.IsPoint)
        {
            if (location.Latitude is < -90 or > 90 || location.Longitude is < -180 or > 180)
            {
                yield return $"location: {location.Latitude}, {location.Longitude} is not a latitude (-90 to 90) and longitude (-180 to 180)";
            }

            if (location.RadiusKm is < 1 or > 20_000)
            {
                yield return $"location: radius {location.RadiusKm} km is not between 1 and 20000";
            }
        }
        else if (location.Latitude is not null || location.Longitude is not null || location.RadiusKm is not null)
        {
            yield return "location: a point needs a latitude, a longitude and a radius in km together";
        }
        else if (string.IsNullOrWhiteSpace(location.Country))
        {
            yield return "location: give a country (and optionally a state), or a place and a radius in km";
        }
    }

    /// <summary>Null when <paramref name="email"/> is one plain, well-formed address.</summary>
    public static string? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 254)
        {
            return "email: required, at most 254 characters";
        }

        if (email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "email: must not contain spaces or control characters (CR, LF, NUL ...)";
        }

        if (!MailboxAddress.TryParse(email, out var mailbox) || mailbox.Address != email || !string.IsNullOrEmpty(mailbox.Name)
            || mailbox.Address.IndexOf('@', StringComparison.Ordinal) is var at && (at <= 0 || at == mailbox.Address.Length - 1 || !mailbox.Address[(at + 1)..].Contains('.', StringComparison.Ordinal)))
        {
            return $"email: '{email}' is not a single plain address like name@example.org";
        }

        return null;
    }
}
