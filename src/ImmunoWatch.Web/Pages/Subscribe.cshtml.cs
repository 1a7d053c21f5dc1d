using ImmunoWatch.Delivery;
using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Web.Public;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ImmunoWatch.Web.Pages;

/// <summary>
/// Subscribing with double opt-in: the form creates a pending subscriber and mails a confirmation
/// link (at most every <see cref="SubscriptionPolicy.ConfirmationResendInterval"/>); the reply never
/// tells whether an address was already subscribed. Rate-limited per client address.
/// </summary>
[IgnoreAntiforgeryToken]
[EnableRateLimiting(SubscriptionPolicy.RateLimitPolicy)]
public sealed class SubscribeModel(SubscriberStore subscribers, SubscriberTokens tokens, DigestMailer mailer, IOptions<SmtpOptions> smtp, IOptions<DigestOptions> digests, TimeProvider time) : PageModel
{
    public string? Error { get; private set; }

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? email, string? name, string? audience, string? follow, CancellationToken cancellationToken)
    {
        var candidate = new Subscriber
        {
            Email = (email ?? "").Trim(),
            Name = (name ?? "").Trim(),
            Audience = string.IsNullOrEmpty(audience) ? Audiences.Advocate : audience,
            Followed = (follow ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList(),
            State = SubscriberStates.Pending,
        };
        var errors = SubscriberValidator.Validate(candidate);
        if (errors.Count > 0)
        {
            Error = string.Join("; ", errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var existing = await subscribers.FindAsync(candidate.Email, cancellationToken);
        var id = existing?.Id ?? await subscribers.AddAsync(candidate, cancellationToken);
        if ((existing is null || existing.State == SubscriberStates.Pending)
            && await subscribers.ClaimConfirmationMailAsync(id, time.GetUtcNow(), SubscriptionPolicy.ConfirmationResendInterval, cancellationToken))
        {
            var link = $"{digests.Value.PublicBaseUrl.TrimEnd('/')}/confirm/{tokens.Create(SubscriptionPolicy.ConfirmPurpose, id)}";
            var message = new MimeMessage { Subject = "Confirm your ImmunoWatch subscription", Date = time.GetUtcNow() };
            message.From.Add(new MailboxAddress(DigestRenderer.OneLine(smtp.Value.FromName), smtp.Value.FromAddress));
            message.To.Add(new MailboxAddress(DigestRenderer.OneLine(candidate.Name), candidate.Email));
            message.Body = new TextPart("plain") { Text = $"Someone, probably you, asked to receive ImmunoWatch digests at this address.\n\nTo confirm, open this link and press the button:\n{link}\n\nIf it was not you, ignore this message: nothing will be sent.\n" };
            await mailer.SendAsync(message, () => Task.CompletedTask, cancellationToken);
        }

        Sent = true;
        Response.StatusCode = StatusCodes.Status202Accepted;
        return Page();
    }
}
