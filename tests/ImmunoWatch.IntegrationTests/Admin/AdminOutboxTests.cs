using System.Net;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Admin;

/// <summary>The outbox page (rows by state, never the stored bodies), resolving an unknown row with confirmation, and the audit log of every change.</summary>
[Collection(SerialCollection.Name)]
public sealed class AdminOutboxTests
{
    private const string Password = "correct horse battery staple";

    [PostgresFact]
    public async Task An_admin_resolves_an_unknown_digest_and_every_change_is_in_the_audit_log()
    {
        await using var db = await Database.CreateAsync();
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString };
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), Password + "\n", "admins", "add", "curator@immunowatch.example")).ExitCode);
        Assert.Equal(0, (await WorkerProcess.RunWithInputAsync(env, TimeSpan.FromSeconds(60), Password + "\n", "admins", "add", "reader@immunowatch.example", "--role", "viewer")).ExitCode);
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string>(env) { ["Urls"] = $"http://127.0.0.1:{port}" }, "run");
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        using (var probe = new HttpClient())
        {
            await WorkerHttp.WaitAsync(probe, new Uri(baseUrl, "/health/ready"), worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        }

        var subscriber = await db.ScalarAsync<long>("INSERT INTO subscribers (email) VALUES ('reader@clinic.example') RETURNING id");
        var unknown = await db.ScalarAsync<long>(
            """
            INSERT INTO digest_outbox (subscriber_id, period_key, period_start, period_end, state, attempts, subject, html, text_body, item_count, watermark_to, last_error)
            VALUES (@subscriber, '2026-W48', now() - interval '7 days', now(), 'unknown', 1, 'ImmunoWatch 2026-W48', '<p>SECRET-BODY-MARKER</p>', 'SECRET-BODY-MARKER', 3, now(), 'connection lost during DATA')
            RETURNING id
            """, new { subscriber });
        await db.ExecuteAsync("INSERT INTO digest_outbox (subscriber_id, period_key, period_start, period_end, state, sent_at) VALUES (@subscriber, '2026-W47', now() - interval '14 days', now() - interval '7 days', 'sent', now())", new { subscriber });

        var viewer = AdminSession.Open(baseUrl);
        await viewer.SignInAsync("reader@immunowatch.example", Password);
        var seen = await viewer.GetAsync("/admin/outbox?state=unknown");
        Assert.Equal(HttpStatusCode.OK, seen.Status);
        Assert.Contains("reader@clinic.example", seen.Body, StringComparison.Ordinal);
        Assert.Contains("connection lost during DATA", seen.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-BODY-MARKER", seen.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/admin/outbox?handler=Resolve&id={unknown}", [new("outcome", "sent"), new("confirm", "yes")])).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/admin/outbox?state=bogus")).Status);

        var admin = AdminSession.Open(baseUrl);
        await admin.SignInAsync("curator@immunowatch.example", Password);
        var page = await admin.GetAsync("/admin/outbox");
        Assert.Contains("unknown (1)", page.Body, StringComparison.Ordinal);
        Assert.Contains("sent (1)", page.Body, StringComparison.Ordinal);
        Assert.Contains($"id=\"outbox-{unknown}\"", page.Body, StringComparison.Ordinal);

        // Without the confirmation nothing changes; with it the row is sent and the subscriber's watermark moves.
        await admin.PostAsync($"/admin/outbox?handler=Resolve&id={unknown}", [new("outcome", "sent")]);
        Assert.Equal("unknown", await db.ScalarAsync<string>("SELECT state FROM digest_outbox WHERE id = @unknown", new { unknown }));
        var resolved = await admin.PostAsync($"/admin/outbox?handler=Resolve&id={unknown}", [new("outcome", "sent"), new("confirm", "yes")]);
        Assert.Equal(HttpStatusCode.Redirect, resolved.Status);
        Assert.Equal("sent", await db.ScalarAsync<string>("SELECT state FROM digest_outbox WHERE id = @unknown", new { unknown }));
        Assert.Equal("sent", await db.ScalarAsync<string>("SELECT resolution FROM digest_outbox WHERE id = @unknown", new { unknown }));
        Assert.NotNull(await db.ScalarAsync<DateTime?>("SELECT watermark FROM subscribers WHERE id = @subscriber", new { subscriber }));
        Assert.Contains($"Row {unknown} marked sent.", (await admin.GetAsync("/admin/outbox?state=unknown")).Body, StringComparison.Ordinal);

        // A source paused and resumed, and the resolution: each in the audit log with who, what, before and after.
        var source = await db.ScalarAsync<long>("INSERT INTO sources (url, name) VALUES ('https://journal.example/rss', 'A journal') RETURNING id");
        await admin.PostAsync($"/admin/sources?handler=Pause&id={source}", [new("reason", "publisher migrating")]);
        await admin.PostAsync($"/admin/sources?handler=Resume&id={source}", [new("reason", "publisher back")]);
        var log = await viewer.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.OK, log.Status);
        Assert.Equal(3L, await db.ScalarAsync<long>("SELECT count(*) FROM admin_audit WHERE actor = 'curator@immunowatch.example'"));
        Assert.Equal("{\"reason\": \"publisher migrating\", \"enabled\": false}", await db.ScalarAsync<string>("SELECT after::text FROM admin_audit WHERE action = 'source.pause'"));
        Assert.Equal("{\"reason\": null, \"enabled\": true}", await db.ScalarAsync<string>("SELECT before::text FROM admin_audit WHERE action = 'source.pause'"));
        Assert.Equal("{\"reason\": \"publisher back\", \"enabled\": true}", await db.ScalarAsync<string>("SELECT after::text FROM admin_audit WHERE action = 'source.resume'"));
        foreach (var expected in new[] { "outbox.resolve", $"outbox row {unknown}", "source.pause", "source.resume", $"source {source} (A journal)", "curator@immunowatch.example" })
        {
            Assert.Contains(expected, log.Body, StringComparison.Ordinal);
        }

        // The plots: server-rendered SVG from the items, trials and poll failures stored.
        await db.ExecuteAsync(
            """
            INSERT INTO trials (nct_id, brief_title, overall_status, content_hash) VALUES
              ('NCT09000001', 'a', 'RECRUITING', 'h'), ('NCT09000002', 'b', 'RECRUITING', 'h'), ('NCT09000003', 'c', 'SUSPENDED', 'h');
            INSERT INTO poll_failures (source_id, at, kind) VALUES (@source, now(), 'HttpStatus'), (@source, now() - interval '2 days', 'Timeout');
            INSERT INTO items (source_id, key_hash, item_key, title, content_hash, tagger_version, immunotherapy, generic_cancer, sites, is_trial)
            VALUES (@source, '\x01', 'k', 'Pembrolizumab in melanoma', 'h', 1, true, false, '{SKIN}', false);
            """, new { source });
        var plots = await viewer.GetAsync("/admin/plots");
        Assert.Equal(HttpStatusCode.OK, plots.Status);
        Assert.Contains("<title>Trials by overall status</title>", plots.Body, StringComparison.Ordinal);
        Assert.Contains(">RECRUITING</text>", plots.Body, StringComparison.Ordinal);
        Assert.Contains(">2</text>", plots.Body, StringComparison.Ordinal);
        Assert.Contains("<title>Items per week for SKIN</title>", plots.Body, StringComparison.Ordinal);
        Assert.Contains(">HttpStatus</text>", plots.Body, StringComparison.Ordinal);
        Assert.Contains("2 in all", plots.Body, StringComparison.Ordinal);
    }
}
