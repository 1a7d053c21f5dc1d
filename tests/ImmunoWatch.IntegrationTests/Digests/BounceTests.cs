using ImmunoWatch.Delivery;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using MimeKit;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>Bounces and complaints (T27): hard and complaints suppress at once, soft after three, unreadable ones change nothing.</summary>
public sealed class BounceTests
{
    private static MimeMessage Dsn(string recipient, string status)
    {
        var report = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Your message could not be delivered." } };
        var delivery = new MessageDeliveryStatus();
        delivery.StatusGroups.Add(new HeaderList { new Header("Reporting-MTA", "dns; mx.clinic.example") });
        delivery.StatusGroups.Add(new HeaderList
        {
            new Header("Final-Recipient", $"rfc822; {recipient}"),
            new Header("Action", status.StartsWith('5') ? "failed" : "delayed"),
            new Header("Status", status),
            new Header("Diagnostic-Code", $"smtp; {status} mailbox problem"),
        });
        report.Add(delivery);
        var message = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", Body = report };
        message.From.Add(new MailboxAddress("Mail Delivery System", "mailer-daemon@clinic.example"));
        return Reparse(message);
    }

    private static MimeMessage Complaint(string recipient)
    {
        var report = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = "This is an abuse report." },
            new MimePart("message", "feedback-report") { Content = new MimeContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes($"Feedback-Type: abuse\r\nUser-Agent: Mailbox/1.0\r\nVersion: 1\r\nOriginal-Rcpt-To: {recipient}\r\n"))) },
        };
        return Reparse(new MimeMessage { Subject = "Abuse report", Body = report });
    }

    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }

    [Fact]
    public void Reports_are_classified_by_status_and_type()
    {
        Assert.Equal(new Bounce("gone@clinic.example", BounceKind.Hard, "DSN 5.1.1 smtp; 5.1.1 mailbox problem"), Assert.Single(BounceClassifier.Classify(Dsn("gone@clinic.example", "5.1.1"))));
        Assert.Equal(BounceKind.Soft, Assert.Single(BounceClassifier.Classify(Dsn("full@clinic.example", "4.2.2"))).Kind);
        Assert.Equal(new Bounce("angry@clinic.example", BounceKind.Complaint, "abuse report (ARF)"), Assert.Single(BounceClassifier.Classify(Complaint("angry@clinic.example"))));
        Assert.Empty(BounceClassifier.Classify(new MimeMessage { Subject = "out of office", Body = new TextPart("plain") { Text = "I am away." } }));
    }

    [PostgresFact]
    public async Task Hard_bounces_and_complaints_suppress_at_once_and_soft_ones_after_three()
    {
        await using var db = await Database.CreateAsync();
        var store = db.Get<SubscriberStore>();
        foreach (var email in new[] { "gone@clinic.example", "full@clinic.example", "angry@clinic.example" })
        {
            await store.AddAsync(new Subscriber { Email = email }, CancellationToken.None);
        }

        async Task<string?> Record(MimeMessage message)
        {
            string? state = null;
            foreach (var bounce in BounceClassifier.Classify(message))
            {
                state = await store.RecordBounceAsync(bounce.Recipient, bounce.Kind, 3, CancellationToken.None);
            }

            return state;
        }

        Assert.Equal(SubscriberStates.Bounced, await Record(Dsn("gone@clinic.example", "5.1.1")));
        Assert.Equal(SubscriberStates.Unsubscribed, await Record(Complaint("angry@clinic.example")));
        Assert.Equal(SubscriberStates.Active, await Record(Dsn("full@clinic.example", "4.2.2")));
        Assert.Equal(SubscriberStates.Active, await Record(Dsn("full@clinic.example", "4.2.2")));
        Assert.Equal(SubscriberStates.Bounced, await Record(Dsn("full@clinic.example", "4.2.2")));
        Assert.Null(await Record(Dsn("stranger@elsewhere.example", "5.1.1")));
        Assert.DoesNotContain(await store.ListAsync(CancellationToken.None), s => s.State == SubscriberStates.Active);
    }
}
