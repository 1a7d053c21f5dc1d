using ImmunoWatch.Digests;
using ImmunoWatch.Subscribers;
using MimeKit;

namespace ImmunoWatch.Delivery;

/// <summary>
/// The MIME message of a digest: multipart/alternative (plain text, then HTML), one recipient,
/// a subject and display names free of control characters, Date, Message-ID, and RFC 8058
/// one-click unsubscribe headers.
/// </summary>
public static class DigestMessage
{
    public static MimeMessage Build(SmtpOptions smtp, Subscriber subscriber, string messageId, string subject, string html, string text, string unsubscribeUrl, DateTimeOffset date)
    {
        ArgumentNullException.ThrowIfNull(smtp);
        ArgumentNullException.ThrowIfNull(subscriber);
        var message = new MimeMessage
        {
            Subject = DigestRenderer.OneLine(subject),
            Date = date,
            MessageId = messageId,
        };
        message.From.Add(new MailboxAddress(DigestRenderer.OneLine(smtp.FromName), smtp.FromAddress));
        message.To.Add(new MailboxAddress(DigestRenderer.OneLine(subscriber.Name), subscriber.Email));
        message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeUrl}>");
        message.Headers.Add(HeaderId.ListUnsubscribePost, "List-Unsubscribe=One-Click");
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }
}
