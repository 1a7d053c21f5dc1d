using Dapper;
using ImmunoWatch.Subscribers;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>The subscribers table.</summary>
public sealed class SubscriberStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, email, name, audience, followed, wants_trials, cadence, send_weekday, send_hour, time_zone, state, watermark, created_at, " +
        "trials_recruiting_only, location_country, location_state, location_label, location_latitude, location_longitude, location_radius_km, age_years, sex";

    private const string TrialColumns =
        "trials_recruiting_only, location_country, location_state, location_label, location_latitude, location_longitude, location_radius_km, age_years, sex";

    private const string TrialValues =
        "@RecruitingOnly, @Country, @LocationState, @Label, @Latitude, @Longitude, @RadiusKm, @AgeYears, @Sex";

    public async Task<long> AddAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"""
                INSERT INTO subscribers (email, name, audience, followed, wants_trials, cadence, send_weekday, send_hour, time_zone, state, {TrialColumns})
                VALUES (@Email, @Name, @Audience, @followed, @WantsTrials, @Cadence, @SendWeekday, @SendHour, @TimeZone, @State, {TrialValues})
                RETURNING id
                """, Parameters(subscriber), cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new DuplicateSubscriberException(subscriber.Email);
        }
    }

    public async Task<bool> UpdateAsync(Subscriber subscriber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE subscribers SET name = @Name, audience = @Audience, followed = @followed, wants_trials = @WantsTrials, cadence = @Cadence,
                   send_weekday = @SendWeekday, send_hour = @SendHour, time_zone = @TimeZone, state = @State,
                   trials_recruiting_only = @RecruitingOnly, location_country = @Country, location_state = @LocationState, location_label = @Label,
                   location_latitude = @Latitude, location_longitude = @Longitude, location_radius_km = @RadiusKm, age_years = @AgeYears, sex = @Sex,
                   updated_at = now()
            WHERE id = @Id
            """, Parameters(subscriber), cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<Subscriber>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers ORDER BY id", cancellationToken: cancellationToken))).Select(r => r.ToSubscriber()).ToList();
    }

    public async Task<Subscriber?> FindAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers WHERE lower(email) = lower(@email)", new { email }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    public async Task<Subscriber?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM subscribers WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSubscriber();
    }

    /// <summary>Suppresses a subscriber (unsubscribe, hard bounce): no further digests.</summary>
    /// <summary>
    /// Claims the right to mail a confirmation link to a pending subscriber: true at most once per
    /// <paramref name="interval"/> (one atomic update, so concurrent requests cannot both win).
    /// </summary>
    public async Task<bool> ClaimConfirmationMailAsync(long id, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE subscribers SET confirmation_sent_at = @now
             WHERE id = @id AND state = 'pending' AND (confirmation_sent_at IS NULL OR confirmation_sent_at <= @before)
            """, new { id, now, before = now - interval }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<bool> SetStateAsync(long id, string state, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("UPDATE subscribers SET state = @state, updated_at = now() WHERE id = @id", new { id, state }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Records a bounce: hard bounces and complaints suppress at once; soft bounces count and
    /// suppress at <paramref name="softLimit"/>. Returns the subscriber's state afterwards (null if unknown address).
    /// </summary>
    public async Task<string?> RecordBounceAsync(string email, Delivery.BounceKind kind, int softLimit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            """
            UPDATE subscribers SET
                soft_bounces = soft_bounces + CASE WHEN @kind = 'Soft' THEN 1 ELSE 0 END,
                state = CASE
                    WHEN @kind = 'Complaint' THEN 'unsubscribed'
                    WHEN @kind = 'Hard' OR soft_bounces + 1 >= @softLimit THEN 'bounced'
                    ELSE state END,
                updated_at = now()
            WHERE lower(email) = lower(@email)
            RETURNING state
            """, new { email, kind = kind.ToString(), softLimit }, cancellationToken: cancellationToken));
    }

    private static object Parameters(Subscriber s) => new
    {
        s.Id,
        s.Email,
        s.Name,
        s.Audience,
        followed = s.Followed.ToArray(),
        s.WantsTrials,
        s.Cadence,
        SendWeekday = (short)s.SendWeekday,
        SendHour = (short)s.SendHour,
        s.TimeZone,
        s.State,
        s.Trials.RecruitingOnly,
        s.Trials.Location?.Country,
        LocationState = s.Trials.Location?.State,
        s.Trials.Location?.Label,
        s.Trials.Location?.Latitude,
        s.Trials.Location?.Longitude,
        s.Trials.Location?.RadiusKm,
        s.Trials.AgeYears,
        s.Trials.Sex,
    };

    private sealed record Row
    {
        public long Id { get; init; }
        public string Email { get; init; } = "";
        public string Name { get; init; } = "";
        public string Audience { get; init; } = "";
        public string[] Followed { get; init; } = [];
        public bool WantsTrials { get; init; }
        public string Cadence { get; init; } = "";
        public short SendWeekday { get; init; }
        public short SendHour { get; init; }
        public string TimeZone { get; init; } = "UTC";
        public string State { get; init; } = "";
        public DateTimeOffset? Watermark { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public bool TrialsRecruitingOnly { get; init; }
        public string? LocationCountry { get; init; }
        public string? LocationState { get; init; }
        public string? LocationLabel { get; init; }
        public double? LocationLatitude { get; init; }
        public double? LocationLongitude { get; init; }
        public int? LocationRadiusKm { get; init; }
        public int? AgeYears { get; init; }
        public string? Sex { get; init; }

        public Subscriber ToSubscriber() => new()
        {
            Id = Id, Email = Email, Name = Name, Audience = Audience, Followed = Followed, WantsTrials = WantsTrials, Cadence = Cadence,
            SendWeekday = SendWeekday, SendHour = SendHour, TimeZone = TimeZone, State = State, Watermark = Watermark, CreatedAt = CreatedAt,
            Trials = new TrialPreferences
            {
                RecruitingOnly = TrialsRecruitingOnly,
                AgeYears = AgeYears,
                Sex = Sex,
                Location = LocationCountry is null && LocationLatitude is null ? null : new TrialLocation
                {
                    Country = LocationCountry, State = LocationState, Label = LocationLabel,
                    Latitude = LocationLatitude, Longitude = LocationLongitude, RadiusKm = LocationRadiusKm,
                },
            },
        };
    }
}
