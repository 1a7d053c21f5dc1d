using System.Globalization;
using System.Net;
using System.Text.Json;
using ImmunoWatch.Normalising;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Reads a ClinicalTrials.gov API v2 response: a page of <c>/api/v2/studies</c> (<c>studies</c> and
/// perhaps <c>nextPageToken</c>) or one <c>/api/v2/studies/{nctId}</c> study. Each study becomes an
/// item (key and GUID its NCT id, title its brief title, link its registry page) carrying its
/// <see cref="TrialRecord"/>. A response that is not JSON, not an API response, a study without
/// <c>protocolSection</c> or NCT id, or a value outside the API's enums is refused whole with a
/// one-line reason: nothing of a malformed page is stored.
/// </summary>
public sealed partial class CtGovParser(IOptions<ParsingOptions> options)
{
    public const string Format = "ctgov-v2";

    private static readonly JsonSerializerOptions HashJson = new();

    private readonly ParsingOptions _options = options.Value;

    /// <summary>True when the decoded text starts like JSON (an object or an array), as an API response does and a feed does not.</summary>
    public static bool LooksLikeJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan().TrimStart();
        return start.Length > 0 && start[0] is '{' or '[';
    }

    public ParsedFeed Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FeedParseException(FeedParseErrorKind.Empty, "response is empty");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new FeedParseException(FeedParseErrorKind.NotJson, $"not JSON: {ex.Message.Split('\n')[0]}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FeedParseException(FeedParseErrorKind.NotAFeed, $"not a ClinicalTrials.gov API response: the top level is {Describe(root.ValueKind)}, not an object");
            }

            string? nextPageToken = null;
            IEnumerable<JsonElement> studies;
            if (root.TryGetProperty("studies", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new FeedParseException(FeedParseErrorKind.Malformed, $"\"studies\" is {Describe(list.ValueKind)}, not an array");
                }

                studies = list.EnumerateArray();
                if (root.TryGetProperty("nextPageToken", out var token) && token.ValueKind != JsonValueKind.Null)
                {
                    nextPageToken = token.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(token.GetString())
                        ? token.GetString()
                        : throw new FeedParseException(FeedParseErrorKind.Malformed, "\"nextPageToken\" is not a non-empty string");
                }
            }
            else if (root.TryGetProperty("protocolSection", out _))
            {
                studies = [root];
            }
            else
            {
                var fields = string.Join(", ", root.EnumerateObject().Take(5).Select(p => p.Name));
                throw new FeedParseException(FeedParseErrorKind.NotAFeed, $"not a ClinicalTrials.gov API response: neither \"studies\" nor \"protocolSection\" (fields: {(fields.Length == 0 ? "none" : fields)})");
            }

            var items = new List<ParsedItem>();
            var position = 0;
            foreach (var study in studies)
            {
                position++;
                var trial = ReadStudy(study, position);
                items.Add(ToItem(trial));
            }

            var dropped = Math.Max(0, items.Count - _options.MaxItemsPerFetch);
            return new ParsedFeed(Format, "ClinicalTrials.gov", "https://clinicaltrials.gov/", items.Take(_options.MaxItemsPerFetch).ToList())
            {
                DroppedItems = dropped,
                NextPageToken = nextPageToken,
            };
        }
    }

    private ParsedItem ToItem(TrialRecord trial)
    {
        var summary = trial.BriefSummary ?? "";
        var summaryHtml = summary.Length == 0 ? "" : WebUtility.HtmlEncode(summary);
        if (summaryHtml.Length > _options.MaxItemHtmlChars)
        {
            summaryHtml = summaryHtml[.._options.MaxItemHtmlChars];
        }

        var item = new ParsedItem
        {
            Key = trial.NctId,
            Guid = trial.NctId,
            Title = Cap(trial.BriefTitle, _options.MaxTitleChars),
            Link = trial.RegistryLink,
            // When the registry first posted it (else its last update): a trial's backlog is not new.
            Published = ParseDate(trial.FirstPosted) ?? ParseDate(trial.LastUpdatePosted),
            Authors = trial.Sponsor is null ? [] : [trial.Sponsor],
            SummaryHtml = summaryHtml,
            SummaryText = HtmlContent.CollapseWhitespace(summary),
            Ids = new StudyIdentifiers(null, null, trial.NctId, null),
            Trial = trial,
        };
        // The registry's facts are part of what an edit is: a new status or a new site updates the item.
        return item with { ContentHash = ItemKeys.Sha256(JsonSerializer.Serialize(trial, HashJson)) };
    }

    private static TrialRecord ReadStudy(JsonElement study, int position)
    {
        if (study.ValueKind != JsonValueKind.Object || !study.TryGetProperty("protocolSection", out var protocol) || protocol.ValueKind != JsonValueKind.Object)
        {
            throw new FeedParseException(FeedParseErrorKind.Malformed, $"study {position} of the response has no \"protocolSection\"");
        }

        var nct = Text(protocol, "identificationModule", "nctId");
        if (nct is null || !NctId().IsMatch(nct))
        {
            throw new FeedParseException(FeedParseErrorKind.Malformed, $"study {position} of the response has no valid identificationModule.nctId ({(nct is null ? "missing" : $"'{nct}'")})");
        }

        var nctId = nct.ToUpperInvariant();
        var where = $"study {nctId}";
        var title = Text(protocol, "identificationModule", "briefTitle") ?? Text(protocol, "identificationModule", "officialTitle") ?? nctId;
        var status = Enum(where, "statusModule.overallStatus", Text(protocol, "statusModule", "overallStatus"), CtGovEnums.Statuses)
            ?? throw new FeedParseException(FeedParseErrorKind.Malformed, $"{where} has no statusModule.overallStatus");
        var eligibility = Module(protocol, "eligibilityModule");
        var minimumAge = Text(eligibility, "minimumAge");
        var maximumAge = Text(eligibility, "maximumAge");
        return new TrialRecord
        {
            NctId = nctId,
            BriefTitle = HtmlContent.CollapseWhitespace(title),
            OfficialTitle = Text(protocol, "identificationModule", "officialTitle"),
            OverallStatus = status,
            LastKnownStatus = Enum(where, "statusModule.lastKnownStatus", Text(protocol, "statusModule", "lastKnownStatus"), CtGovEnums.Statuses),
            WhyStopped = Text(protocol, "statusModule", "whyStopped"),
            Phases = Strings(Module(protocol, "designModule"), "phases").Select(p => Enum(where, "designModule.phases", p, CtGovEnums.Phases)!).ToList(),
            StudyType = Enum(where, "designModule.studyType", Text(protocol, "designModule", "studyType"), CtGovEnums.StudyTypes),
            Conditions = Strings(Module(protocol, "conditionsModule"), "conditions"),
            ConditionMesh = ConditionMesh(study),
            Interventions = Objects(Module(protocol, "armsInterventionsModule"), "interventions")
                .Select(i => (Type: Enum(where, "interventions.type", Text(i, "type"), CtGovEnums.InterventionTypes), Name: Text(i, "name")))
                .Where(i => i.Name is not null)
                .Select(i => new TrialIntervention(i.Type, i.Name!))
                .ToList(),
            Sponsor = Text(Module(protocol, "sponsorCollaboratorsModule"), "leadSponsor", "name"),
            BriefSummary = Text(protocol, "descriptionModule", "briefSummary"),
            StartDate = Text(protocol, "statusModule", "startDateStruct", "date"),
            PrimaryCompletionDate = Text(protocol, "statusModule", "primaryCompletionDateStruct", "date"),
            FirstPosted = Text(protocol, "statusModule", "studyFirstPostDateStruct", "date"),
            LastUpdatePosted = Text(protocol, "statusModule", "lastUpdatePostDateStruct", "date"),
            Eligibility = new TrialEligibility
            {
                MinimumAge = minimumAge,
                MaximumAge = maximumAge,
                MinimumAgeYears = AgeInYears(minimumAge),
                MaximumAgeYears = AgeInYears(maximumAge),
                Sex = Enum(where, "eligibilityModule.sex", Text(eligibility, "sex"), CtGovEnums.Sexes),
                HealthyVolunteers = eligibility.ValueKind == JsonValueKind.Object && eligibility.TryGetProperty("healthyVolunteers", out var healthy) && healthy.ValueKind is JsonValueKind.True or JsonValueKind.False ? healthy.GetBoolean() : null,
                Criteria = Text(eligibility, "eligibilityCriteria"),
            },
            Sites = Objects(Module(protocol, "contactsLocationsModule"), "locations").Select(l => new TrialSite
            {
                Facility = Text(l, "facility"),
                City = Text(l, "city"),
                State = Text(l, "state"),
                Country = Text(l, "country"),
                Status = Enum(where, "locations.status", Text(l, "status"), CtGovEnums.SiteStatuses),
                Latitude = Number(l, "geoPoint", "lat"),
                Longitude = Number(l, "geoPoint", "lon"),
            }).DistinctBy(s => s.Key, StringComparer.Ordinal).ToList(),
        };
    }

    private static List<string> ConditionMesh(JsonElement study)
    {
        var browse = study.TryGetProperty("derivedSection", out var derived) ? Module(derived, "conditionBrowseModule") : default;
        return Objects(browse, "meshes").Select(m => Text(m, "term")).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>"18 Years", "6 Months", "4 Weeks", "30 Days" in years; null for "N/A" or anything else.</summary>
    public static decimal? AgeInYears(string? age)
    {
        var parts = age?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 } || !decimal.TryParse(parts[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        var perYear = parts[1].ToUpperInvariant() switch
        {
            "YEAR" or "YEARS" => 1m,
            "MONTH" or "MONTHS" => 12m,
            "WEEK" or "WEEKS" => 52m,
            "DAY" or "DAYS" => 365m,
            "HOUR" or "HOURS" => 365m * 24,
            "MINUTE" or "MINUTES" => 365m * 24 * 60,
            _ => 0m,
        };
        return perYear == 0 ? null : Math.Round(value / perYear, 3);
    }

    /// <summary>A registry date ("2024-01-23", or "2024-01" meaning its first day) as midnight UTC.</summary>
    public static DateTimeOffset? ParseDate(string? date)
    {
        if (date is null)
        {
            return null;
        }

        var formats = new[] { "yyyy-MM-dd", "yyyy-MM", "yyyy" };
        return DateTime.TryParseExact(date, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero)
            : null;
    }

    private static string? Enum(string where, string field, string? value, IReadOnlySet<string> allowed) =>
        value is null || allowed.Contains(value)
            ? value
            : throw new FeedParseException(FeedParseErrorKind.UnknownValue, $"{where}: {field} has the value '{Cap(value, 60)}', which is not one of the API's ({string.Join(", ", allowed.Order(StringComparer.Ordinal).Take(6))} ...)");

    private static JsonElement Module(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String && element.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
    }

    private static double? Number(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number) && double.IsFinite(number) ? number : null;
    }

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.Trim()).Where(v => v.Length > 0).ToList()
            : [];

    private static IEnumerable<JsonElement> Objects(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Object).ToList()
            : [];

    [System.Text.RegularExpressions.GeneratedRegex(@"^NCT\d{8}$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NctId();

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an object",
    };
}
