using System.Net;
using System.Text.RegularExpressions;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>A browser-like HTTP session with the admin pages: cookies kept, redirects not followed, forms posted with the page's antiforgery token.</summary>
internal sealed partial class AdminSession(HttpClient http, Uri baseUrl)
{
    public HttpClient Http { get; } = http;

    public static AdminSession Open(Uri baseUrl) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(10) }, baseUrl);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    public static partial Regex Token();

    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(baseUrl, path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    /// <param name="path">Where to post.</param>
    /// <param name="form">The fields.</param>
    /// <param name="withToken">Add the antiforgery token of the page at <paramref name="path"/> (its query left out).</param>
    public async Task<(HttpStatusCode Status, string Body, Uri? Location)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form, bool withToken = true)
    {
        var fields = form.ToList();
        if (withToken)
        {
            var page = await GetAsync(path.Split('?')[0]);
            fields.Add(new("__RequestVerificationToken", Token().Match(page.Body).Groups[1].Value));
        }

        using var response = await Http.PostAsync(new Uri(baseUrl, path), new FormUrlEncodedContent(fields));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    public Task<(HttpStatusCode Status, string Body, Uri? Location)> SignInAsync(string email, string password) =>
        PostAsync("/admin/login", [new("email", email), new("password", password)]);
}
