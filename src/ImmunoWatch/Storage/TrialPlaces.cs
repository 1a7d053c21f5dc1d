using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// Places named the way the registry names its sites ("Columbus", "Columbus, Ohio", "Lyon, France"),
/// located with the registry's own geo points for them: a subscriber's "near" needs no geocoder.
/// </summary>
public sealed class TrialPlaces(NpgsqlDataSource dataSource)
{
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
