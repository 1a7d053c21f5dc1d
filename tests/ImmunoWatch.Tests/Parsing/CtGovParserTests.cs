using System.Text.Json.Nodes;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>The ClinicalTrials.gov API v2 reader on the recorded responses in ../shared/corpus/apis/ctgov-v2, and on broken variations of them.</summary>
public sealed class CtGovParserTests
{
    private static readonly CtGovParser Parser = new(Options.Create(new ParsingOptions()));

    private static string Recorded(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.SharedCorpus!, "apis", "ctgov-v2", name));

    [CorpusFact]
    public void A_page_gives_one_item_per_study_and_the_next_page_token()
    {
        var feed = Parser.Parse(Recorded("page_keytruda_3studies_fields_nextPageToken.json"));

        Assert.Equal("ctgov-v2", feed.Format);
        Assert.Equal("ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4YnzmVtA", feed.NextPageToken);
        Assert.Equal(["NCT05431270", "NCT03590054", "NCT04795661"], feed.Items.Select(i => i.Key));
        var first = feed.Items[0];
        Assert.Equal("NCT05431270", first.Ids.Nct);
        Assert.Equal("https://clinicaltrials.gov/study/NCT05431270", first.Link);
        Assert.StartsWith("Dose Escalation/Expansion Study of Mavrostobart", first.Title, StringComparison.Ordinal);
        var trial = first.Trial!;
        Assert.Equal("RECRUITING", trial.OverallStatus);
        Assert.Equal(["PHASE1", "PHASE2"], trial.Phases);
        Assert.Equal("INTERVENTIONAL", trial.StudyType);
        Assert.Equal(["Non Small Cell Lung Cancer", "Pancreatic Ductal Adenocarcinoma"], trial.Conditions);
        Assert.Contains(trial.Interventions, i => i.Name == "Tislelizumab");
        Assert.Equal("Phanes Therapeutics", trial.Sponsor);
        Assert.Equal("2022-08-11", trial.StartDate);
        Assert.Equal(18m, trial.Eligibility.MinimumAgeYears);
        Assert.Equal(["COMPLETED", "ACTIVE_NOT_RECRUITING"], feed.Items.Skip(1).Select(i => i.Trial!.OverallStatus));
    }

    [CorpusFact]
    public void A_full_study_gives_sites_with_geo_points_mesh_terms_eligibility_and_dates()
    {
        var feed = Parser.Parse(Recorded("study_NCT02210780_dupilumab_results_42sites.json"));

        var trial = Assert.Single(feed.Items).Trial!;
        Assert.Null(feed.NextPageToken);
        Assert.Equal("NCT02210780", trial.NctId);
        Assert.Equal("COMPLETED", trial.OverallStatus);
        Assert.Equal(42, trial.Sites.Count);
        Assert.All(trial.Sites, s => Assert.NotNull(s.Country));
        Assert.Contains(trial.Sites, s => s.Latitude is not null && s.Longitude is not null);
        Assert.Contains("Dermatitis, Atopic", trial.ConditionMesh);
        Assert.Equal("2020-05-07", trial.LastUpdatePosted);
        Assert.NotNull(trial.OfficialTitle);
        Assert.NotNull(trial.Eligibility.Criteria);
        Assert.Contains(trial.Interventions, i => i.Type == "DRUG");
    }

    [CorpusFact]
    public void An_unknown_status_keeps_the_last_known_one_and_site_statuses()
    {
        var trial = Assert.Single(Parser.Parse(Recorded("study_NCT03475563_unknown_status_site_contacts.json")).Items).Trial!;

        Assert.Equal("UNKNOWN", trial.OverallStatus);
        Assert.Equal("RECRUITING", trial.LastKnownStatus);
        Assert.Equal("OBSERVATIONAL", trial.StudyType);
        Assert.Equal(3, trial.Sites.Count);
        Assert.All(trial.Sites, s => Assert.Equal("RECRUITING", s.Status));
    }

    [CorpusFact]
    public void A_status_change_or_a_new_site_changes_the_content_hash_and_nothing_else_does()
    {
        var text = Recorded("study_NCT02576665_toca511_fields_locations.json");
        var original = Parser.Parse(text).Items[0];
        var again = Parser.Parse(text).Items[0];

        var suspended = JsonNode.Parse(text)!;
        suspended["protocolSection"]!["statusModule"]!["overallStatus"] = "SUSPENDED";
        var withSite = JsonNode.Parse(text)!;
        withSite["protocolSection"]!["contactsLocationsModule"]!["locations"]!.AsArray().Add(new JsonObject { ["facility"] = "New Site", ["city"] = "Columbus", ["country"] = "United States" });

        Assert.Equal(original.ContentHash, again.ContentHash);
        Assert.NotEqual(original.ContentHash, Parser.Parse(suspended.ToJsonString()).Items[0].ContentHash);
        Assert.NotEqual(original.ContentHash, Parser.Parse(withSite.ToJsonString()).Items[0].ContentHash);
    }

    [Theory]
    [InlineData("{\"studies\": [", FeedParseErrorKind.NotJson, "not JSON")]
    [InlineData("<html><body>Service Unavailable</body></html>", FeedParseErrorKind.NotJson, "not JSON")]
    [InlineData("[1, 2]", FeedParseErrorKind.NotAFeed, "the top level is an array")]
    [InlineData("{\"error\": \"rate limited\"}", FeedParseErrorKind.NotAFeed, "neither \"studies\" nor \"protocolSection\" (fields: error)")]
    [InlineData("{\"studies\": {}}", FeedParseErrorKind.Malformed, "\"studies\" is an object, not an array")]
    [InlineData("{\"studies\": [{\"derivedSection\": {}}]}", FeedParseErrorKind.Malformed, "study 1 of the response has no \"protocolSection\"")]
    [InlineData("{\"studies\": [{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"12345\"}}}]}", FeedParseErrorKind.Malformed, "no valid identificationModule.nctId ('12345')")]
    [InlineData("{\"studies\": [{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT01234567\"}, \"statusModule\": {\"overallStatus\": \"PAUSED_FOR_LUNCH\"}}}]}", FeedParseErrorKind.UnknownValue, "study NCT01234567: statusModule.overallStatus has the value 'PAUSED_FOR_LUNCH'")]
    [InlineData("{\"studies\": [{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT01234567\"}, \"statusModule\": {\"overallStatus\": \"RECRUITING\"}, \"designModule\": {\"phases\": [\"PHASE9\"]}}}]}", FeedParseErrorKind.UnknownValue, "designModule.phases has the value 'PHASE9'")]
    [InlineData("{\"studies\": [{\"protocolSection\": {\"identificationModule\": {\"nctId\": \"NCT01234567\"}}}]}", FeedParseErrorKind.Malformed, "study NCT01234567 has no statusModule.overallStatus")]
    [InlineData("{\"studies\": [], \"nextPageToken\": 5}", FeedParseErrorKind.Malformed, "\"nextPageToken\" is not a non-empty string")]
    public void Bad_responses_are_refused_whole_with_a_specific_reason(string text, FeedParseErrorKind kind, string reason)
    {
        var error = Assert.Throws<FeedParseException>(() => Parser.Parse(text));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("18 Years", 18.0)]
    [InlineData("6 Months", 0.5)]
    [InlineData("26 Weeks", 0.5)]
    [InlineData("N/A", null)]
    [InlineData(null, null)]
    public void Ages_are_read_in_years(string? age, double? years) =>
        Assert.Equal(years is null ? null : (decimal?)Math.Round((decimal)years.Value, 3), CtGovParser.AgeInYears(age));
}
