using System.Net;
using ImmunoWatch.Digests;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Web;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>RFC 8058 one-click unsubscribe and the signed links, over real HTTP (T26).</summary>
public sealed class UnsubscribeEndpointTests
{
    [PostgresFact]
    public async Task One_click_unsubscribe_works_without_cookies_never_redirects_and_get_changes_nothing()
    {
        await using var host = await EndpointHost.StartAsync(new Dictionary<string, string?>(), app => app.MapImmunoWatchWeb());
        var app = host.App;
        var baseUrl = host.BaseUrl;
        var store = app.Services.GetRequiredService<SubscriberStore>();
        var id = await store.AddAsync(new Subscriber { Email = "reader@clinic.example" }, CancellationToken.None);
        var token = app.Services.GetRequiredService<SubscriberTokens>().Create(SubscriberTokens.Unsubscribe, id);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var get = await http.GetAsync(new Uri($"{baseUrl}/u/{token}"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("<form method=\"post\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(SubscriberStates.Active, (await store.GetAsync(id, CancellationToken.None))!.State);

        var post = await http.PostAsync(new Uri($"{baseUrl}/u/{token}"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(SubscriberStates.Unsubscribed, (await store.GetAsync(id, CancellationToken.None))!.State);

        using var multipart = new MultipartFormDataContent { { new StringContent("One-Click"), "List-Unsubscribe" } };
        var again = await http.PostAsync(new Uri($"{baseUrl}/u/{token}"), multipart);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var tampered = await http.PostAsync(new Uri($"{baseUrl}/u/{token[..^2]}xx"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var unknown = await http.PostAsync(new Uri($"{baseUrl}/u/{app.Services.GetRequiredService<SubscriberTokens>().Create(SubscriberTokens.Preferences, 999)}"), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(await tampered.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        var preferences = app.Services.GetRequiredService<SubscriberTokens>().Create(SubscriberTokens.Preferences, id);
        var saved = await http.PostAsync(new Uri($"{baseUrl}/p/{preferences}"), new FormUrlEncodedContent([new("follow", "skin, nsclc"), new("audience", "advocate"), new("cadence", "daily"), new("trials", "on")]));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var updated = (await store.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(["SKIN", "NSCLC"], updated.Followed);
        Assert.Equal(Audiences.Advocate, updated.Audience);
        Assert.Equal(Cadences.Daily, updated.Cadence);
        var invalid = await http.PostAsync(new Uri($"{baseUrl}/p/{preferences}"), new FormUrlEncodedContent([new("follow", "NOT_A_CODE")]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

    }
}
