namespace ImmunoWatch.Delivery;

/// <summary>
/// Crash points for the delivery tests (reliability test T29): when IMMUNOWATCH_FAILPOINT names a
/// point, the process dies there at once, as a power cut would. Unset in production: a no-op.
/// </summary>
internal static class Failpoints
{
    private static readonly string? Armed = Environment.GetEnvironmentVariable("IMMUNOWATCH_FAILPOINT");

    public const string AfterEnqueue = "after-enqueue";
    public const string AfterSmtpAccepted = "after-smtp-accepted";
    public const string AfterMarkedSent = "after-marked-sent";

    public static void Hit(string point)
    {
        if (Armed == point)
        {
            Environment.FailFast($"failpoint {point}");
        }
    }
}
