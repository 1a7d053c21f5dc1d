namespace ImmunoWatch.Delivery;

/// <summary>How one SMTP transaction ended, as far as delivery is concerned.</summary>
public enum SendOutcomeKind
{
    Sent,
    /// <summary>4xx, or the server could not be reached before anything was sent: retry later.</summary>
    Transient,
    /// <summary>5xx: do not retry.</summary>
    Permanent,
    /// <summary>The connection broke during the message: it may have been delivered; never resend automatically.</summary>
    Unknown,
}

public sealed record SendOutcome(SendOutcomeKind Kind, string Detail, bool RecipientRejected = false);
