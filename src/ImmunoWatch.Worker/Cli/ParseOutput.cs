using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tagging;

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

    public static FeedDto From(ParsedFeed feed, ItemTagger tagger) => new(
        feed.Format,
        feed.Title,
        feed.Link,
        feed.Items.Select(i => (i, t: tagger.Tag(i.Title, i.SummaryText, i.Ids.Nct))).Select(p => new ItemDto(
            p.i.Key,
            p.i.Guid,
            p.i.Title,
            p.i.Link,
            p.i.Published?.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture),
            p.i.Authors,
            p.i.SummaryText,
            new IdsDto(p.i.Ids.Pmid, p.i.Ids.Doi, p.i.Ids.Nct ?? (p.t.NctIds.Count > 0 ? p.t.NctIds[0] : null)),
            p.i.Ids.CanonicalLink,
            p.t.Immunotherapy,
            p.t.CancerTypes.Select(c => new CancerTypeDto(c.Code, c.Name, c.Site)).ToList(),
            p.t.Modalities,
            p.t.Sites,
            p.t.Phases,
            p.t.Status)).ToList(),
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
        IReadOnlyList<string> Modalities,
        IReadOnlyList<string> Sites,
        IReadOnlyList<string> Phases,
        string? TrialStatus);

    internal sealed record IdsDto(string? Pmid, string? Doi, string? Nct);

    internal sealed record CancerTypeDto(string Code, string Name, string Site);
}
