namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>Small feed documents for tests.</summary>
internal static class Feeds
{
    public static string Rss(string title, params (string Guid, string Title)[] items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link>
        {string.Concat(items.Select(i => $"<item><guid>{i.Guid}</guid><title>{i.Title}</title><link>https://example.org/{i.Guid}</link><pubDate>Mon, 02 Nov 2026 10:00:00 +0000</pubDate><description>About {i.Title}</description></item>"))}
        </channel></rss>
        """;
}
