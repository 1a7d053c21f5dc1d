namespace ImmunoWatch.Subscribers;

/// <summary>Someone who receives digests, and what they want in them.</summary>
public sealed record Subscriber
{
    public long Id { get; init; }
    public required string Email { get; init; }
    public string Name { get; init; } = "";
    /// <summary>clinician (condensed explainer) or advocate (full explainer, trials first).</summary>
    public string Audience { get; init; } = Audiences.Clinician;
    /// <summary>OncoTree codes or tissue sites; empty follows every cancer type.</summary>
    public IReadOnlyList<string> Followed { get; init; } = [];
    public bool WantsTrials { get; init; } = true;
    /// <summary>Recruiting only, location, age and sex for the trials section.</summary>
    public TrialPreferences Trials { get; init; } = TrialPreferences.None;
    public string Cadence { get; init; } = Cadences.Weekly;
    /// <summary>ISO weekday of weekly digests: 1 = Monday ... 7 = Sunday.</summary>
    public int SendWeekday { get; init; } = 1;
    public int SendHour { get; init; } = 7;
    public string TimeZone { get; init; } = "UTC";
    public string State { get; init; } = SubscriberStates.Active;
    public DateTimeOffset? Watermark { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class Audiences
{
    public const string Clinician = "clinician";
    public const string Advocate = "advocate";
    public static readonly IReadOnlyList<string> All = [Clinician, Advocate];
}

public static class Cadences
{
    public const string Weekly = "weekly";
    public const string Daily = "daily";
    public static readonly IReadOnlyList<string> All = [Weekly, Daily];
}

public static class SubscriberStates
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
    public static readonly IReadOnlyList<string> All = [Pending, Active, Unsubscribed, Bounced];
}
