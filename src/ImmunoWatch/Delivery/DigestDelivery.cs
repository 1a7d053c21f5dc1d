using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Delivery;

/// <summary>
/// Sends what is due, exactly once per (subscriber, period): enqueue due periods, claim rows,
/// compose (from material read once per run) and render once (kept on the row), send, and record the outcome. 4xx and an unreachable
/// server retry with backoff; 5xx fails (suppressing a rejected recipient); a transmission cut off
/// midway is "unknown" and never resent automatically. The watermark moves only after delivery.
/// </summary>
public sealed class DigestDelivery(
    SubscriberStore subscribers,
    DigestOutboxStore outbox,
    WriteHorizon horizon,
    DigestComposer composer,
    DigestRenderer renderer,
    DigestMailer mailer,
    IOptions<SmtpOptions> smtp,
    IOptions<DigestOptions> digestOptions,
    TimeProvider time,
    PipelineTelemetry telemetry,
    ILogger<DigestDelivery> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private const int MaxAttempts = 8;
    private static readonly TimeSpan HeldBackWarning = TimeSpan.FromMinutes(5);

    /// <param name="onlyEmail">Send to this subscriber now, due or not (one digest per period still).</param>
    /// <param name="cancellationToken">Stops between messages.</param>
    /// <param name="instanceId">The clustered scheduler instance running this (null from the CLI): rows it claims are taken over by the others as soon as the cluster drops it.</param>
    public async Task<DeliverySummary> RunAsync(string? onlyEmail, CancellationToken cancellationToken, string? instanceId = null)
    {
        var now = time.GetUtcNow();
        await outbox.RecoverAsync(now, cancellationToken);
        // Periods end where the stored items are final, so an ingest committing after this run read
        // them lands in the next period rather than in none.
        var settled = await horizon.SettledUpToAsync(now, cancellationToken);
        if (now - settled > HeldBackWarning)
        {
            DeliveryLog.HorizonHeldBack(logger, now - settled);
        }

        var enqueued = 0;
        foreach (var subscriber in await subscribers.ListAsync(cancellationToken))
        {
            var forced = onlyEmail is not null && string.Equals(subscriber.Email, onlyEmail, StringComparison.OrdinalIgnoreCase);
            if (subscriber.State != SubscriberStates.Active || (onlyEmail is not null && !forced) || (!forced && !IsDue(subscriber, now)))
            {
                continue;
            }

            var period = DigestPeriod.Ending(now, subscriber.Cadence, subscriber.TimeZone);
            enqueued += await outbox.EnqueueAsync(subscriber.Id, period.Key, subscriber.Watermark ?? period.Start, settled, cancellationToken) ? 1 : 0;
        }

        Failpoints.Hit(Failpoints.AfterEnqueue);
        var material = new RunMaterial(composer, now);
        int sent = 0, empty = 0, retrying = 0, failed = 0, unknown = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await outbox.ClaimAsync(time.GetUtcNow(), Lease, 20, instanceId, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var handled = 0;
            try
            {
                foreach (var row in batch)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string outcome;
                    using (logger.BeginScope(new Dictionary<string, object> { ["OutboxId"] = row.Id }))
                    {
                        outcome = await DeliverAsync(row, material, cancellationToken);
                    }

                    telemetry.Delivered(outcome);
                    switch (outcome)
                    {
                        case "sent": sent++; break;
                        case "empty": empty++; break;
                        case "retry": retrying++; break;
                        case "failed": failed++; break;
                        default: unknown++; break;
                    }

                    handled++;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: rows not yet handed to SMTP go back to the queue now, for the next run or
                // another instance, instead of waiting out their lease.
                await outbox.ReleaseAsync(batch.Skip(handled).Select(r => r.Id).ToList(), CancellationToken.None);
                DeliveryLog.Stopped(logger, handled, batch.Count - handled);
                throw;
            }
        }

        var summary = new DeliverySummary(enqueued, sent, empty, retrying, failed, unknown);
        DeliveryLog.RunFinished(logger, summary);
        return summary;
    }

    /// <summary>Weekly: from the subscriber's weekday and hour in their time zone until the week ends; daily: from the hour.</summary>
    public static bool IsDue(Subscriber subscriber, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(subscriber.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(now, zone);
        if (subscriber.Cadence == Cadences.Daily)
        {
            return local.Hour >= subscriber.SendHour;
        }

        var isoWeekday = local.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)local.DayOfWeek;
        return isoWeekday > subscriber.SendWeekday || (isoWeekday == subscriber.SendWeekday && local.Hour >= subscriber.SendHour);
    }

    private async Task<string> DeliverAsync(OutboxRow row, RunMaterial material, CancellationToken cancellationToken)
    {
        var subscriber = await subscribers.GetAsync(row.SubscriberId, cancellationToken);
        if (subscriber is null || subscriber.State != SubscriberStates.Active)
        {
            await outbox.MarkFailedAsync(row.Id, "subscriber is no longer active", suppress: false, cancellationToken);
            return "failed";
        }

        if (row.Html is null)
        {
            try
            {
                var digest = await material.ComposeAsync(subscriber, new DigestPeriod(row.PeriodKey, row.PeriodStart, row.PeriodEnd), cancellationToken);
                if (digest.IsEmpty && !digestOptions.Value.SendWhenEmpty)
                {
                    await outbox.SaveContentAsync(row.Id, "", "", "", "", 0, digest.WatermarkTo, cancellationToken);
                    await outbox.MarkDeliveredAsync(row.Id, "empty", null, time.GetUtcNow(), cancellationToken);
                    return "empty";
                }

                var rendered = renderer.Render(digest, row.Id);
                var messageId = $"{row.Id}.{Guid.NewGuid():N}@immunowatch";
                await outbox.SaveContentAsync(row.Id, messageId, rendered.Subject, rendered.Html, rendered.Text, digest.EntryCount, digest.WatermarkTo, cancellationToken);
                row = row with { MessageId = messageId, Subject = rendered.Subject, Html = rendered.Html, TextBody = rendered.Text };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One digest that cannot be composed, rendered or kept must not hold up the others:
                // it is set aside with the error and tried again later (failed after MaxAttempts).
                return await SetAsideAsync(row, $"could not be prepared: {ex.GetType().Name}: {ex.Message}", cancellationToken);
            }
        }

        var unsubscribe = renderer.UnsubscribeUrl(subscriber.Id);
        var message = DigestMessage.Build(smtp.Value, subscriber, row.MessageId!, row.Subject ?? "", row.Html ?? "", row.TextBody ?? "", unsubscribe, time.GetUtcNow());
        var outcome = await mailer.SendAsync(message, () => outbox.MarkTransmittingAsync(row.Id, time.GetUtcNow() + Lease, cancellationToken), cancellationToken);
        // Whatever SMTP said is recorded even when the worker is stopping: the outcome is not to be lost.
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Sent:
                Failpoints.Hit(Failpoints.AfterSmtpAccepted);
                await outbox.MarkDeliveredAsync(row.Id, "sent", outcome.Detail, time.GetUtcNow(), CancellationToken.None);
                Failpoints.Hit(Failpoints.AfterMarkedSent);
                DeliveryLog.Sent(logger, row.Id, row.PeriodKey);
                return "sent";
            case SendOutcomeKind.Transient when row.Attempts < MaxAttempts:
                await outbox.MarkRetryAsync(row.Id, outcome.Detail, time.GetUtcNow() + RetryWait(row.Attempts), CancellationToken.None);
                DeliveryLog.Retrying(logger, row.Id, outcome.Detail);
                return "retry";
            case SendOutcomeKind.Unknown:
                await outbox.MarkUnknownAsync(row.Id, outcome.Detail, CancellationToken.None);
                DeliveryLog.Unknown(logger, row.Id, outcome.Detail);
                return "unknown";
            default:
                await outbox.MarkFailedAsync(row.Id, outcome.Detail, outcome.RecipientRejected, CancellationToken.None);
                DeliveryLog.Failed(logger, row.Id, outcome.Detail);
                return "failed";
        }
    }

    private async Task<string> SetAsideAsync(OutboxRow row, string error, CancellationToken cancellationToken)
    {
        if (row.Attempts >= MaxAttempts)
        {
            await outbox.MarkFailedAsync(row.Id, error, suppress: false, cancellationToken);
            DeliveryLog.Failed(logger, row.Id, error);
            return "failed";
        }

        await outbox.MarkRetryAsync(row.Id, error, time.GetUtcNow() + RetryWait(row.Attempts), cancellationToken);
        DeliveryLog.Retrying(logger, row.Id, error);
        return "retry";
    }

    private static TimeSpan RetryWait(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, attempts)));
}
