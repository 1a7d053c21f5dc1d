using System.Net;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Web;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>The preferences page's trials fields, over real HTTP: saved, a city located from the registry's sites, bad values refused with the reason.</summary>
public sealed class TrialPreferencesPageTests
{
    [PostgresFact]
    public async Task The_preferences_page_saves_recruiting_only_a_location_an_age_and_a_sex()
    {
        await using var host = await EndpointHost.StartAsync(new Dictionary<string, string?>(), app => app.MapImmunoWatchWeb());
        var services = host.App.Services;
        var store = services.GetRequiredService<SubscriberStore>();
        var id = await store.AddAsync(new Subscriber { Email = "advocate@patients.example", Audience = Audiences.Advocate }, CancellationToken.None);
        var token = services.GetRequiredService<SubscriberTokens>().Create(SubscriberTokens.Preferences, id);
        var url = new Uri($"{host.BaseUrl}/p/{token}");
        using var http = new HttpClient();
        await using (var connection = await services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            // Two registry sites in Columbus: the city's point is their mean.
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO trials (nct_id, brief_title, overall_status, content_hash) VALUES ('NCT09000001', 't', 'RECRUITING', 'h');
                INSERT INTO trial_sites (nct_id, site_key, city, state, country, latitude, longitude) VALUES
                  ('NCT09000001', 'a', 'Columbus', 'Ohio', 'United States', 39.90, -83.00),
                  ('NCT09000001', 'b', 'Columbus', 'Ohio', 'United States', 40.00, -83.10),
                  ('NCT09000001', 'c', 'Columbus', 'Georgia', 'United States', 32.46, -84.99);
                """);
        }

        var page = await http.GetStringAsync(url);
        Assert.Contains("name=\"recruiting_only\"", page, StringComparison.Ordinal);
        Assert.Contains("<legend>Clinical trials for you</legend>", page, StringComparison.Ordinal);

        var saved = await http.PostAsync(url, new FormUrlEncodedContent([
            new("follow", "MEL"), new("trials", "on"), new("recruiting_only", "on"),
            new("near", "Columbus, Ohio"), new("radius_km", "80"), new("age", "62"), new("sex", "female")]));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var trials = (await store.GetAsync(id, CancellationToken.None))!.Trials;
        Assert.True(trials.RecruitingOnly);
        Assert.Equal(62, trials.AgeYears);
        Assert.Equal(Sexes.Female, trials.Sex);
        Assert.Equal("Columbus, Ohio", trials.Location!.Label);
        Assert.Equal(39.95, trials.Location.Latitude!.Value, 3);
        Assert.Equal(-83.05, trials.Location.Longitude!.Value, 3);
        Assert.Equal(80, trials.Location.RadiusKm);
        Assert.Contains("value=\"Columbus, Ohio\"", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var byCountry = await http.PostAsync(url, new FormUrlEncodedContent([new("follow", "MEL"), new("country", "United States"), new("region", "Ohio"), new("sex", "any")]));
        Assert.Equal(HttpStatusCode.OK, byCountry.StatusCode);
        var after = (await store.GetAsync(id, CancellationToken.None))!.Trials;
        Assert.Equal(new TrialLocation { Country = "United States", State = "Ohio" }, after.Location);
        Assert.Null(after.Sex);
        Assert.False(after.RecruitingOnly);

        foreach (var (fields, reason) in new (KeyValuePair<string, string>[], string)[]
        {
            ([new("near", "Atlantis")], "no trial site we know of is in &#x27;Atlantis&#x27;"),
            ([new("age", "sixty")], "age: &#x27;sixty&#x27; is not a whole number of years"),
            ([new("age", "130")], "age: 130 is not an age in years"),
            ([new("sex", "other")], "sex: &#x27;other&#x27; is not one of female, male"),
            ([new("region", "Ohio")], "a state or region needs its country"),
            ([new("near", "91,200"), new("radius_km", "50")], "is not a latitude (-90 to 90) and longitude (-180 to 180)"),
        })
        {
            var refused = await http.PostAsync(url, new FormUrlEncodedContent([new("follow", "MEL"), .. fields]));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(new TrialLocation { Country = "United States", State = "Ohio" }, (await store.GetAsync(id, CancellationToken.None))!.Trials.Location);
    }
}
