using System.Globalization;
using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Web.Public;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImmunoWatch.Web.Pages;

/// <summary>
/// A subscriber's preferences, reached by the signed link in every digest (the token is the
/// credential, so the form carries no antiforgery token): what they follow, audience, cadence,
/// trials, and the trials section's recruiting-only, location (a city located from the registry's
/// own sites), age and sex.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class PreferencesModel(SubscriberTokens tokens, SubscriberStore subscribers, TrialPlaces places) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public Subscriber? Subscriber { get; private set; }

    public string? Error { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        (Subscriber = await FindAsync(cancellationToken)) is null ? PlainNotFound.Result() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if ((Subscriber = await FindAsync(cancellationToken)) is not { } subscriber || !Request.HasFormContentType)
        {
            return PlainNotFound.Result();
        }

        var form = await Request.ReadFormAsync(cancellationToken);
        var updated = subscriber with
        {
            Audience = form["audience"].ToString() is { Length: > 0 } audience ? audience : subscriber.Audience,
            Cadence = form["cadence"].ToString() is { Length: > 0 } cadence ? cadence : subscriber.Cadence,
            Followed = form["follow"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList(),
            WantsTrials = form["trials"].ToString() == "on",
        };
        var (trials, trialsError) = await TrialPreferencesAsync(form, cancellationToken);
        updated = updated with { Trials = trials ?? subscriber.Trials };
        var errors = trialsError is null ? SubscriberValidator.Validate(updated) : [trialsError];
        if (errors.Count > 0)
        {
            Error = string.Join("; ", errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await subscribers.UpdateAsync(updated, cancellationToken);
        Subscriber = updated;
        Saved = true;
        return Page();
    }

    private async Task<Subscriber?> FindAsync(CancellationToken cancellationToken) =>
        tokens.Verify(SubscriberTokens.Preferences, Token) is { } id ? await subscribers.GetAsync(id, cancellationToken) : null;

    /// <summary>The trials part of the form; a place given by name is located from the registry's own sites.</summary>
    private async Task<(TrialPreferences? Preferences, string? Error)> TrialPreferencesAsync(IFormCollection form, CancellationToken cancellationToken)
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

            location = await places.ResolveNearAsync(near, radius, cancellationToken);
            if (location is null)
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
}
