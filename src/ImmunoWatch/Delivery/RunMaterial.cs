using ImmunoWatch.Digests;
using ImmunoWatch.Subscribers;

namespace ImmunoWatch.Delivery;

/// <summary>
/// The digest material one delivery run shares: the relevant items first seen in the last
/// <see cref="Window"/> before the run, read the first time a digest needs composing. A digest
/// reaching further back (a catch-up after a long outage, a row left from an earlier run) is
/// composed by its own query.
/// </summary>
internal sealed class RunMaterial(DigestComposer composer, DateTimeOffset runStartedAt)
{
    /// <summary>A week and a day: every weekly period the run enqueues, and a watermark a little older.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(8);

    private DigestMaterial? _material;

    public async Task<Digest> ComposeAsync(Subscriber subscriber, DigestPeriod period, CancellationToken cancellationToken)
    {
        var from = runStartedAt - Window;
        if (period.Start < from || DigestComposer.Since(subscriber, period) < from || period.End > runStartedAt)
        {
            return await composer.ComposeAsync(subscriber, period, cancellationToken);
        }

        _material ??= await composer.LoadAsync(from, runStartedAt, cancellationToken);
        return composer.Compose(subscriber, period, _material);
    }
}
