using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
        // parse's own shape from compiled metadata (a one-shot process would otherwise spend a
        // good part of its start-up reflecting over these records); the other commands' shapes by reflection.
        TypeInfoResolver = JsonTypeInfoResolver.Combine(ParseOutputContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static FeedDto From(ParsedFeed feed, ItemTagger tagger) => new(
        feed.Format,
        feed.Title,
        feed.Link,
        feed.Items.Select(i => (i, t: ImmunoWatch.Processing.ItemProcessor.Tag(tagger, i))).Select(p => new ItemDto(
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
            p.t.Status,
            p.i.Trial is { } trial ? TrialDto.From(trial) : null)).ToList(),
        feed.DroppedItems,
        feed.NextPageToken);

    internal sealed record FeedDto(string Format, string Title, string? Link, IReadOnlyList<ItemDto> Items, int DroppedItems, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken);

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
        string? TrialStatus,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TrialDto? Trial);

    /// <summary>The registry's facts of a study read from the ClinicalTrials.gov API.</summary>
    internal sealed record TrialDto(
        string Nct,
        string Status,
        string? LastKnownStatus,
        string? WhyStopped,
        IReadOnlyList<string> Phases,
        IReadOnlyList<string> Conditions,
        IReadOnlyList<string> ConditionMesh,
        string? StudyType,
        IReadOnlyList<InterventionDto> Interventions,
        string? Sponsor,
        int Locations,
        IReadOnlyList<string> Countries,
        string? StartDate,
        string? PrimaryCompletionDate,
        string? LastUpdate,
        EligibilityDto Eligibility,
        IReadOnlyList<SiteDto> Sites)
    {
        public static TrialDto From(TrialRecord t) => new(
            t.NctId, t.OverallStatus, t.LastKnownStatus, t.WhyStopped, t.Phases, t.Conditions, t.ConditionMesh, t.StudyType,
            t.Interventions.Select(i => new InterventionDto(i.Type, i.Name)).ToList(), t.Sponsor, t.Sites.Count,
            t.Sites.Select(s => s.Country).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            t.StartDate, t.PrimaryCompletionDate, t.LastUpdatePosted,
            new EligibilityDto(t.Eligibility.MinimumAge, t.Eligibility.MaximumAge, t.Eligibility.Sex, t.Eligibility.HealthyVolunteers),
            t.Sites.Select(s => new SiteDto(s.Facility, s.City, s.State, s.Country, s.Status, s.Latitude, s.Longitude)).ToList());
    }

    internal sealed record InterventionDto(string? Type, string Name);

    internal sealed record EligibilityDto(string? MinimumAge, string? MaximumAge, string? Sex, bool? HealthyVolunteers);

    internal sealed record SiteDto(string? Facility, string? City, string? State, string? Country, string? Status, double? Lat, double? Lon);

    internal sealed record IdsDto(string? Pmid, string? Doi, string? Nct);

    internal sealed record CancerTypeDto(string Code, string Name, string Site);
}
