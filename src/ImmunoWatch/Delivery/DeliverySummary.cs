using System.Globalization;

namespace ImmunoWatch.Delivery;

/// <summary>What one delivery run did; <see cref="ToString"/> is the last line of <c>digest send</c>.</summary>
public sealed record DeliverySummary(int Enqueued, int Sent, int Empty, int Retrying, int Failed, int Unknown)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"enqueued={Enqueued} sent={Sent} empty={Empty} retrying={Retrying} failed={Failed} unknown={Unknown}");
}
