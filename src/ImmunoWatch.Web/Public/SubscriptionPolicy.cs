namespace ImmunoWatch.Web.Public;

/// <summary>The rules of subscribing over the web: token purpose, rate-limit policy, how often a confirmation may be mailed.</summary>
public static class SubscriptionPolicy
{
    public const string ConfirmPurpose = "confirm";

    /// <summary>The rate-limiter policy the host defines for the subscription form (per client address).</summary>
    public const string RateLimitPolicy = "subscribe";

    /// <summary>A pending address gets a confirmation link at most this often, however often the form is sent.</summary>
    public static readonly TimeSpan ConfirmationResendInterval = TimeSpan.FromMinutes(15);
}
