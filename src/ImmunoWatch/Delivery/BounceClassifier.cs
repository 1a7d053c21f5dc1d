using MimeKit;

namespace ImmunoWatch.Delivery;

/// <summary>What a returned message says about a recipient.</summary>
public enum BounceKind
{
    /// <summary>Permanent failure (DSN status 5.x.x): suppress at once.</summary>
    Hard,
    /// <summary>Temporary failure (4.x.x), or a report we cannot read: count, suppress after several.</summary>
    Soft,
    /// <summary>The recipient reported the digest as spam (ARF): suppress at once.</summary>
    Complaint,
}

public sealed record Bounce(string Recipient, BounceKind Kind, string Detail);

/// <summary>
/// Reads bounce and complaint messages: RFC 3464 delivery status notifications
/// (multipart/report; report-type=delivery-status) and RFC 5965 abuse reports (feedback-report).
/// A message that names recipients but no readable status counts as soft.
/// </summary>
public static class BounceClassifier
{
    public static IReadOnlyList<Bounce> Classify(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bounces = new List<Bounce>();
        foreach (var report in message.BodyParts.OfType<MessageDeliveryStatus>())
        {
            foreach (var group in report.StatusGroups.Skip(1)) // the first group describes the message, the rest one recipient each
            {
                var recipient = Address(group["Final-Recipient"]) ?? Address(group["Original-Recipient"]);
                if (recipient is null)
                {
                    continue;
                }

                var status = group["Status"]?.Trim() ?? "";
                var kind = status.StartsWith('5') ? BounceKind.Hard : BounceKind.Soft;
                bounces.Add(new Bounce(recipient, kind, $"DSN {status} {group["Diagnostic-Code"]}".Trim()));
            }
        }

        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => p.ContentType.IsMimeType("message", "feedback-report")))
        {
            using var stream = new MemoryStream();
            part.Content?.DecodeTo(stream);
            var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            foreach (var line in text.Split('\n').Select(l => l.Trim()))
            {
                if (line.StartsWith("Original-Rcpt-To:", StringComparison.OrdinalIgnoreCase) && Address(line[17..]) is { } recipient)
                {
                    bounces.Add(new Bounce(recipient, BounceKind.Complaint, "abuse report (ARF)"));
                }
            }
        }

        return bounces;
    }

    private static string? Address(string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return null;
        }

        var value = field.Trim();
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        value = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
        return value.Contains('@', StringComparison.Ordinal) ? value : null;
    }
}
