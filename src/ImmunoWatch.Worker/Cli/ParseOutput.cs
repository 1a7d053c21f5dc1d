using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImmunoWatch.Parsing;

namespace ImmunoWatch.Worker.Cli;

/// <summary>The JSON shape of <c>immunowatch parse</c> (a contract: add fields, never rename or drop).</summary>
internal static class ParseOutput
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static FeedDto From(ParsedFeed feed) => new(
        feed.Format,
        feed.Title,
        feed.Link,
        feed.Items.Select(i => new ItemDto(
            i.Key,
            i.Guid,
            i.Title,
            i.Link,
            i.Published?.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture),
            i.Authors,
            i.SummaryText,
            new IdsDto(i.Ids.Pmid, i.Ids.Doi, i.Ids.Nct),
            i.Ids.CanonicalLink,
            false,
            [],
            [])).ToList(),
        feed.DroppedItems);

    internal sealed record FeedDto(string Format, string Title, string? Link, IReadOnlyList<ItemDto> Items, int DroppedItems);

    internal sealed record ItemDto(
        string Key,
        string? Guid,
        string Title,
        string? Link,
        string? Published,
        IReadOnlyList<string> Authors,
        string Summary,
        IdsDto Ids,
        string? CanonicalLink,
        bool Immunotherapy,
        IReadOnlyList<CancerTypeDto> CancerTypes,
        IReadOnlyList<string> Modalities);

    internal sealed record IdsDto(string? Pmid, string? Doi, string? Nct);

    internal sealed record CancerTypeDto(string Code, string Name, string Site);
}
