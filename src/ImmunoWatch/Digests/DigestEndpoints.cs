using System.Net;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Digests;

/// <summary>
/// The subscriber-facing pages served by <c>immunowatch run</c>: RFC 8058 one-click unsubscribe
/// (POST, no cookies or login, never a redirect; GET only shows a confirmation form), the
/// preferences page, and the web version of a sent digest. Tokens are HMACs; an unknown or
/// altered token always gets the same plain 404.
/// </summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigestEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/u/{token}", (string token, SubscriberTokens tokens) =>
            tokens.Verify(SubscriberTokens.Unsubscribe, token) is null
                ? SubscriberPages.NotFound()
                : SubscriberPages.Page("Unsubscribe", $"<p>Stop receiving ImmunoWatch digests?</p><form method=\"post\" action=\"/u/{WebUtility.HtmlEncode(token)}\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>"));
        app.MapPost("/u/{token}", async (string token, SubscriberTokens tokens, SubscriberStore subscribers, CancellationToken cancellationToken) =>
        {
            if (tokens.Verify(SubscriberTokens.Unsubscribe, token) is not { } id)
            {
                return SubscriberPages.NotFound();
            }

            await subscribers.SetStateAsync(id, SubscriberStates.Unsubscribed, cancellationToken);
            return SubscriberPages.Page("Unsubscribed", "<p>You will receive no more digests. You can subscribe again at any time.</p>");
        }).DisableAntiforgery();
        app.MapGet("/d/{token}", async (string token, SubscriberTokens tokens, DigestOutboxStore outbox, CancellationToken cancellationToken) =>
            tokens.Verify(SubscriberTokens.WebVersion, token) is { } id && await outbox.GetAsync(id, cancellationToken) is { Html: { Length: > 0 } html }
                ? Results.Content(html, "text/html; charset=utf-8")
                : SubscriberPages.NotFound());
        app.MapGet("/p/{token}", async (string token, SubscriberTokens tokens, SubscriberStore subscribers, CancellationToken cancellationToken) =>
            tokens.Verify(SubscriberTokens.Preferences, token) is { } id && await subscribers.GetAsync(id, cancellationToken) is { } subscriber
                ? SubscriberPages.Page("Your digest", PreferencesForm(token, subscriber))
                : SubscriberPages.NotFound());
        app.MapPost("/p/{token}", async (string token, HttpRequest request, SubscriberTokens tokens, SubscriberStore subscribers, CancellationToken cancellationToken) =>
        {
            if (tokens.Verify(SubscriberTokens.Preferences, token) is not { } id || await subscribers.GetAsync(id, cancellationToken) is not { } subscriber || !request.HasFormContentType)
            {
                return SubscriberPages.NotFound();
            }

            var form = await request.ReadFormAsync(cancellationToken);
            var updated = subscriber with
            {
                Audience = form["audience"].ToString() is { Length: > 0 } audience ? audience : subscriber.Audience,
                Cadence = form["cadence"].ToString() is { Length: > 0 } cadence ? cadence : subscriber.Cadence,
                Followed = form["follow"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList(),
                WantsTrials = form["trials"].ToString() == "on",
            };
            var errors = SubscriberValidator.Validate(updated);
            if (errors.Count > 0)
            {
                return SubscriberPages.Page("Your digest", $"<p style=\"color:#a00\">{WebUtility.HtmlEncode(string.Join("; ", errors))}</p>" + PreferencesForm(token, subscriber), StatusCodes.Status400BadRequest);
            }

            await subscribers.UpdateAsync(updated, cancellationToken);
            return SubscriberPages.Page("Your digest", "<p>Saved.</p>" + PreferencesForm(token, updated));
        }).DisableAntiforgery();
        return app;
    }

    private static string PreferencesForm(string token, Subscriber s) =>
        $"""
        <form method="post" action="/p/{WebUtility.HtmlEncode(token)}">
        <p><label>Cancer types you follow (OncoTree codes or tissues, comma-separated; empty for all):<br><input name="follow" size="50" value="{WebUtility.HtmlEncode(string.Join(",", s.Followed))}"></label></p>
        <p><label>Written for: <select name="audience"><option value="clinician"{(s.Audience == Audiences.Clinician ? " selected" : "")}>clinicians</option><option value="advocate"{(s.Audience == Audiences.Advocate ? " selected" : "")}>patients and advocates</option></select></label></p>
        <p><label>How often: <select name="cadence"><option value="weekly"{(s.Cadence == Cadences.Weekly ? " selected" : "")}>weekly</option><option value="daily"{(s.Cadence == Cadences.Daily ? " selected" : "")}>daily</option></select></label></p>
        <p><label><input type="checkbox" name="trials"{(s.WantsTrials ? " checked" : "")}> Include clinical trials</label></p>
        <p><button type="submit">Save</button></p>
        </form>
        """;
}
