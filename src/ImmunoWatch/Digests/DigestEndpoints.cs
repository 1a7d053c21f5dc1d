using System.Globalization;
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
        app.MapPost("/p/{token}", async (string token, HttpRequest request, SubscriberTokens tokens, SubscriberStore subscribers, TrialPlaces places, CancellationToken cancellationToken) =>
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
            var (trials, trialsError) = await TrialPreferencesAsync(form, places, cancellationToken);
            updated = updated with { Trials = trials ?? subscriber.Trials };
            var errors = trialsError is null ? SubscriberValidator.Validate(updated) : [trialsError];
            if (errors.Count > 0)
            {
                return SubscriberPages.Page("Your digest", $"<p style=\"color:#a00\">{WebUtility.HtmlEncode(string.Join("; ", errors))}</p>" + PreferencesForm(token, subscriber), StatusCodes.Status400BadRequest);
            }

            await subscribers.UpdateAsync(updated, cancellationToken);
            return SubscriberPages.Page("Your digest", "<p>Saved.</p>" + PreferencesForm(token, updated));
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The trials part of the preferences form; a place given by name is located from the registry's own sites.</summary>
    private static async Task<(TrialPreferences? Preferences, string? Error)> TrialPreferencesAsync(IFormCollection form, TrialPlaces places, CancellationToken cancellationToken)
    {
        static string Field(IFormCollection form, string name) => form[name].ToString().Trim();
        int? age = null;
        if (Field(form, "age") is { Length: > 0 } ageText)
        {
            if (!int.TryParse(ageText, NumberStyles.None, CultureInfo.InvariantCulture, out var years))
            {
                return (null, $"age: '{ageText}' is not a whole number of years");
            }

            age = years;
        }

        TrialLocation? location = null;
        var (country, region, near) = (Field(form, "country"), Field(form, "region"), Field(form, "near"));
        if (near.Length > 0)
        {
            var radiusText = Field(form, "radius_km");
            if (!int.TryParse(radiusText.Length == 0 ? "100" : radiusText, NumberStyles.None, CultureInfo.InvariantCulture, out var radius))
            {
                return (null, $"radius: '{radiusText}' is not a whole number of km");
            }

            var parts = near.Split(',', StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
            {
                location = new TrialLocation { Label = near, Latitude = lat, Longitude = lon, RadiusKm = radius };
            }
            else if (await places.LocateAsync(near, cancellationToken) is { } found)
            {
                location = new TrialLocation { Label = near, Latitude = Math.Round(found.Latitude, 4), Longitude = Math.Round(found.Longitude, 4), RadiusKm = radius };
            }
            else
            {
                return (null, $"near: no trial site we know of is in '{near}'; write the city as the registry does (\"Columbus, Ohio\") or give latitude,longitude");
            }
        }
        else if (country.Length > 0)
        {
            location = new TrialLocation { Country = country, State = region.Length == 0 ? null : region };
        }
        else if (region.Length > 0)
        {
            return (null, "location: a state or region needs its country");
        }

        var sex = Field(form, "sex");
        return (new TrialPreferences
        {
            RecruitingOnly = Field(form, "recruiting_only") == "on",
            Location = location,
            AgeYears = age,
            Sex = sex is "" or "any" ? null : sex,
        }, null);
    }

    private static string PreferencesForm(string token, Subscriber s) =>
        $"""
        <form method="post" action="/p/{WebUtility.HtmlEncode(token)}">
        <p><label>Cancer types you follow (OncoTree codes or tissues, comma-separated; empty for all):<br><input name="follow" size="50" value="{WebUtility.HtmlEncode(string.Join(",", s.Followed))}"></label></p>
        <p><label>Written for: <select name="audience"><option value="clinician"{(s.Audience == Audiences.Clinician ? " selected" : "")}>clinicians</option><option value="advocate"{(s.Audience == Audiences.Advocate ? " selected" : "")}>patients and advocates</option></select></label></p>
        <p><label>How often: <select name="cadence"><option value="weekly"{(s.Cadence == Cadences.Weekly ? " selected" : "")}>weekly</option><option value="daily"{(s.Cadence == Cadences.Daily ? " selected" : "")}>daily</option></select></label></p>
        <p><label><input type="checkbox" name="trials"{(s.WantsTrials ? " checked" : "")}> Include clinical trials</label></p>
        <fieldset><legend>Clinical trials for you</legend>
        <p><label><input type="checkbox" name="recruiting_only"{(s.Trials.RecruitingOnly ? " checked" : "")}> Only trials that are recruiting now</label></p>
        <p><label>Country (as ClinicalTrials.gov names it, e.g. United States): <input name="country" value="{WebUtility.HtmlEncode(s.Trials.Location?.Country ?? "")}"></label>
           <label>State or region: <input name="region" value="{WebUtility.HtmlEncode(s.Trials.Location?.State ?? "")}"></label></p>
        <p><label>Or near a city (e.g. Columbus, Ohio) or latitude,longitude: <input name="near" value="{WebUtility.HtmlEncode(s.Trials.Location is { IsPoint: true } p ? p.Label ?? "" : "")}"></label>
           <label>within <input name="radius_km" size="5" inputmode="numeric" value="{(s.Trials.Location?.RadiusKm is { } km ? km.ToString(CultureInfo.InvariantCulture) : "100")}"> km</label></p>
        <p><label>Age (to check who can take part): <input name="age" size="4" inputmode="numeric" value="{(s.Trials.AgeYears is { } a ? a.ToString(CultureInfo.InvariantCulture) : "")}"></label>
           <label>Sex: <select name="sex"><option value="any"{(s.Trials.Sex is null ? " selected" : "")}>either</option><option value="female"{(s.Trials.Sex == Sexes.Female ? " selected" : "")}>female</option><option value="male"{(s.Trials.Sex == Sexes.Male ? " selected" : "")}>male</option></select></label></p>
        </fieldset>
        <p><button type="submit">Save</button></p>
        </form>
        """;
}
