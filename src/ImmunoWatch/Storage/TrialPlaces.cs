using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Places named the way the registry names its sites ("Columbus", "Columbus, Ohio", "Lyon, France"),
/// located with the registry's own geo points for them: a subscriber's "near" needs no geocoder.
/// </summary>
public sealed class TrialPlaces(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// A subscriber's "near": <c>LAT,LON</c> as given, or a place located from the registry's sites;
    /// null when the place is not one the stored sites know.
    /// </summary>
    public async Task<Subscribers.TrialLocation?> ResolveNearAsync(string near, int radiusKm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(near);
        var parts = near.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lon))
        {
            return new Subscribers.TrialLocation { Label = near, Latitude = lat, Longitude = lon, RadiusKm = radiusKm };
        }

        return await LocateAsync(near, cancellationToken) is { } found
            ? new Subscribers.TrialLocation { Label = near, Latitude = Math.Round(found.Latitude, 4), Longitude = Math.Round(found.Longitude, 4), RadiusKm = radiusKm }
            : null;
    }

    /// <summary>The mean geo point of the sites in that city (narrowed by state or country when given), or null when no site with a geo point is there.</summary>
    public async Task<(double Latitude, double Longitude, int Sites)?> LocateAsync(string place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        var parts = place.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return null;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = await connection.QuerySingleAsync<(double? Latitude, double? Longitude, int Sites)>(new CommandDefinition(
            """
            SELECT avg(latitude), avg(longitude), count(*)::int
            FROM trial_sites
            WHERE latitude IS NOT NULL AND longitude IS NOT NULL AND lower(city) = lower(@city)
              AND (@within::text IS NULL OR lower(state) = lower(@within) OR lower(country) = lower(@within))
              AND (@country::text IS NULL OR lower(country) = lower(@country))
            """,
            new { city = parts[0], within = parts.Length > 1 ? parts[1] : null, country = parts.Length > 2 ? parts[2] : null }, cancellationToken: cancellationToken));
        return found is { Latitude: { } lat, Longitude: { } lon, Sites: > 0 } ? (lat, lon, found.Sites) : null;
    }
}
