using System.Net;
using ImmunoWatch.Delivery;
using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ImmunoWatch.Subscribers;

/// <summary>
/// Subscribing over HTTP with double opt-in: the form creates a pending subscriber and mails a
/// confirmation link; only a POST to that link (a button on the page it opens, so link scanners
/// that prefetch it change nothing) makes the subscription active. The reply never tells whether
/// an address was already subscribed.
/// </summary>
public static class SubscriptionEndpoints
{
    public const string ConfirmPurpose = "confirm";

    /// <summary>The rate-limiter policy the host defines for the subscription form (per client address).</summary>
    public const string RateLimitPolicy = "subscribe";

    /// <summary>A pending address gets a confirmation link at most this often, however often the form is sent.</summary>
    public static readonly TimeSpan ConfirmationResendInterval = TimeSpan.FromMinutes(15);

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/subscribe", () => SubscriberPages.Page("Subscribe to ImmunoWatch", Form("")));
        app.MapPost("/subscribe", async (HttpRequest request, SubscriberStore subscribers, SubscriberTokens tokens, DigestMailer mailer, IOptions<SmtpOptions> smtp, IOptions<DigestOptions> digests, TimeProvider time, CancellationToken cancellationToken) =>
        {
            if (!request.HasFormContentType)
            {
                return SubscriberPages.Page("Subscribe to ImmunoWatch", Form("Please use the form."), StatusCodes.Status400BadRequest);
            }

            var form = await request.ReadFormAsync(cancellationToken);
            var candidate = new Subscriber
            {
                Email = form["email"].ToString().Trim(),
                Name = form["name"].ToString().Trim(),
                Audience = form["audience"].ToString() is { Length: > 0 } audience ? audience : Audiences.Advocate,
                Followed = form["follow"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList(),
                State = SubscriberStates.Pending,
            };
            var errors = SubscriberValidator.Validate(candidate);
            if (errors.Count > 0)
            {
                return SubscriberPages.Page("Subscribe to ImmunoWatch", Form(string.Join("; ", errors)), StatusCodes.Status400BadRequest);
            }

            var existing = await subscribers.FindAsync(candidate.Email, cancellationToken);
            var id = existing?.Id ?? await subscribers.AddAsync(candidate, cancellationToken);
            if ((existing is null || existing.State == SubscriberStates.Pending)
                && await subscribers.ClaimConfirmationMailAsync(id, time.GetUtcNow(), ConfirmationResendInterval, cancellationToken))
            {
                var link = $"{digests.Value.PublicBaseUrl.TrimEnd('/')}/confirm/{tokens.Create(ConfirmPurpose, id)}";
                var message = new MimeMessage { Subject = "Confirm your ImmunoWatch subscription", Date = time.GetUtcNow() };
                message.From.Add(new MailboxAddress(DigestRenderer.OneLine(smtp.Value.FromName), smtp.Value.FromAddress));
                message.To.Add(new MailboxAddress(DigestRenderer.OneLine(candidate.Name), candidate.Email));
                message.Body = new TextPart("plain") { Text = $"Someone, probably you, asked to receive ImmunoWatch digests at this address.\n\nTo confirm, open this link and press the button:\n{link}\n\nIf it was not you, ignore this message: nothing will be sent.\n" };
                await mailer.SendAsync(message, () => Task.CompletedTask, cancellationToken);
            }

            return SubscriberPages.Page("Check your inbox", "<p>If this address can receive digests, a confirmation link is on its way. Nothing is sent until you confirm.</p>", StatusCodes.Status202Accepted);
        }).DisableAntiforgery().RequireRateLimiting(RateLimitPolicy);
        app.MapGet("/confirm/{token}", (string token, SubscriberTokens tokens) =>
            tokens.Verify(ConfirmPurpose, token) is null
                ? SubscriberPages.NotFound()
                : SubscriberPages.Page("Confirm your subscription", $"<form method=\"post\" action=\"/confirm/{WebUtility.HtmlEncode(token)}\"><button type=\"submit\">Yes, send me ImmunoWatch digests</button></form>"));
        app.MapPost("/confirm/{token}", async (string token, SubscriberTokens tokens, SubscriberStore subscribers, CancellationToken cancellationToken) =>
        {
            if (tokens.Verify(ConfirmPurpose, token) is not { } id || await subscribers.GetAsync(id, cancellationToken) is not { } subscriber)
            {
                return SubscriberPages.NotFound();
            }

            if (subscriber.State == SubscriberStates.Pending)
            {
                await subscribers.SetStateAsync(id, SubscriberStates.Active, cancellationToken);
            }

            return SubscriberPages.Page("Subscribed", "<p>Thank you: your first digest comes with the next period.</p>");
        }).DisableAntiforgery();
        return app;
    }

    private static string Form(string error) =>
        (error.Length > 0 ? $"<p style=\"color:#a00\">{WebUtility.HtmlEncode(error)}</p>" : "") +
        """
        <form method="post" action="/subscribe">
        <p><label>Email <input name="email" type="email" required></label></p>
        <p><label>Name <input name="name"></label></p>
        <p><label>I am <select name="audience"><option value="advocate">a patient or advocate</option><option value="clinician">a clinician</option></select></label></p>
        <p><label>Cancer types (OncoTree codes or tissues, comma-separated; empty for all) <input name="follow"></label></p>
        <p><button type="submit">Subscribe</button></p>
        </form>
        """;
}
