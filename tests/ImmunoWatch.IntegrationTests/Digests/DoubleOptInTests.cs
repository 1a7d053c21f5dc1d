using System.Net;
using System.Text.RegularExpressions;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Web;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Digests;

/// <summary>Subscribing over HTTP: pending until the mailed link is confirmed with a POST.</summary>
public sealed partial class DoubleOptInTests
{
    [PostgresFact]
    public async Task A_web_subscription_stays_pending_until_the_mailed_link_is_confirmed()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var host = await EndpointHost.StartAsync(new Dictionary<string, string?>
        {
            ["Digests:PublicBaseUrl"] = "https://immunowatch.example",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
        }, app => app.MapImmunoWatchWeb());
        var app = host.App;
        var baseUrl = host.BaseUrl;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        var store = app.Services.GetRequiredService<SubscriberStore>();

        var bad = await http.PostAsync(new Uri($"{baseUrl}/subscribe"), new FormUrlEncodedContent([new("email", "a@b.c\r\nBcc: d@e.f")]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Empty(smtp.Received);

        var response = await http.PostAsync(new Uri($"{baseUrl}/subscribe"), new FormUrlEncodedContent([new("email", "new.reader@example.org"), new("name", "New Reader"), new("follow", "SKIN")]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var subscriber = (await store.FindAsync("new.reader@example.org", CancellationToken.None))!;
        Assert.Equal(SubscriberStates.Pending, subscriber.State);
        var mail = Assert.Single(smtp.Received);
        var link = ConfirmLink().Match(mail.TextBody ?? "").Value;
        Assert.StartsWith("https://immunowatch.example/confirm/", link, StringComparison.Ordinal);
        var path = new Uri(link).AbsolutePath;

        var prefetch = await http.GetAsync(new Uri(baseUrl + path));
        Assert.Equal(HttpStatusCode.OK, prefetch.StatusCode);
        Assert.Equal(SubscriberStates.Pending, (await store.GetAsync(subscriber.Id, CancellationToken.None))!.State);

        var confirm = await http.PostAsync(new Uri(baseUrl + path), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(SubscriberStates.Active, (await store.GetAsync(subscriber.Id, CancellationToken.None))!.State);

        // Subscribing an address that is already active neither reveals it nor mails it again.
        var again = await http.PostAsync(new Uri($"{baseUrl}/subscribe"), new FormUrlEncodedContent([new("email", "new.reader@example.org")]));
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Single(smtp.Received);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(new Uri($"{baseUrl}/confirm/1.forged"), new FormUrlEncodedContent([]))).StatusCode);
    }

    [GeneratedRegex(@"https://\S+/confirm/\S+")]
    private static partial Regex ConfirmLink();
}
