using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>
/// A loopback stand-in for the ClinicalTrials.gov API v2 <c>/api/v2/studies</c> endpoint, serving
/// studies taken from the recorded responses in ../shared/corpus/apis/ctgov-v2 (and variations a
/// test makes of them): pages of <c>pageSize</c> with a <c>nextPageToken</c>, and the
/// <c>filter.advanced</c> last-update range the incremental passes send. A test may replace any
/// page's answer.
/// </summary>
internal sealed partial class FakeRegistry : IAsyncDisposable
{
    private readonly object _gate = new();
    private List<JsonObject> _studies = [];

    private FakeRegistry(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    /// <summary>Answers a page request in place of the registry (page number from 1); null lets the registry answer.</summary>
    public Func<int, HttpContext, Task<bool>>? Override { get; set; }

    public Uri QueryUrl(string query = "query.cond=cancer") => Server.Url("/api/v2/studies?" + query);

    public static async Task<FakeRegistry> StartAsync()
    {
        FakeRegistry? registry = null;
        var server = await LoopbackServer.StartAsync(context => registry!.HandleAsync(context));
        registry = new FakeRegistry(server);
        return registry;
    }

    /// <summary>Every study of a recorded response (a page's studies, or the one study), as an editable copy.</summary>
    public static List<JsonObject> Recorded(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedCorpus.Required, "apis", "ctgov-v2", file)))!.AsObject();
        return root["studies"] is JsonArray studies ? studies.Select(s => s!.DeepClone().AsObject()).ToList() : [root.DeepClone().AsObject()];
    }

    /// <summary>What the registry holds now (in its order); each study gets a last-update date when it has none.</summary>
    public void Hold(IEnumerable<JsonObject> studies, string lastUpdate = "2026-06-01")
    {
        var list = studies.Select(s => s.DeepClone().AsObject()).ToList();
        foreach (var study in list)
        {
            var status = Module(study, "statusModule");
            status["lastUpdatePostDateStruct"] ??= new JsonObject { ["date"] = lastUpdate };
        }

        lock (_gate)
        {
            _studies = list;
        }
    }

    /// <summary>Edits one held study (by NCT id) and marks it updated on <paramref name="lastUpdate"/>.</summary>
    public void Edit(string nctId, Action<JsonObject> edit, string lastUpdate)
    {
        lock (_gate)
        {
            var study = _studies.Single(s => NctId(s) == nctId);
            edit(study);
            Module(study, "statusModule")["lastUpdatePostDateStruct"] = new JsonObject { ["date"] = lastUpdate };
        }
    }

    public static JsonObject Module(JsonObject study, string name)
    {
        var protocol = study["protocolSection"]!.AsObject();
        if (protocol[name] is not JsonObject module)
        {
            module = new JsonObject();
            protocol[name] = module;
        }

        return module;
    }

    public static string NctId(JsonObject study) => study["protocolSection"]!["identificationModule"]!["nctId"]!.GetValue<string>();

    private async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (Override is { } custom && await custom(PageNumber(query), context))
        {
            return;
        }

        var (size, offset) = Paging(query);
        List<JsonObject> matching;
        lock (_gate)
        {
            var since = query.TryGetValue("filter.advanced", out var filter) && Since().Match(filter.ToString()) is { Success: true } m ? m.Groups[1].Value : null;
            matching = _studies.Where(s => since is null || string.CompareOrdinal(LastUpdate(s), since) >= 0).Select(s => s.DeepClone().AsObject()).ToList();
        }

        var response = new JsonObject { ["studies"] = new JsonArray(matching.Skip(offset).Take(size).Select(s => (JsonNode)s).ToArray()) };
        if (offset + size < matching.Count)
        {
            response["nextPageToken"] = string.Create(CultureInfo.InvariantCulture, $"page{offset + size}");
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString());
    }

    /// <summary>The page a request asks for, counting from 1, given the page size it uses.</summary>
    private static int PageNumber(IQueryCollection query)
    {
        var (size, offset) = Paging(query);
        return offset / size + 1;
    }

    /// <summary>Page size, and the offset the page token stands for (tokens are "page" and an offset; anything else is the first page).</summary>
    private static (int Size, int Offset) Paging(IQueryCollection query)
    {
        var size = query.TryGetValue("pageSize", out var sizeText) ? int.Parse(sizeText.ToString(), CultureInfo.InvariantCulture) : 10;
        var token = query.TryGetValue("pageToken", out var value) ? value.ToString() : "";
        return (size, token.StartsWith("page", StringComparison.Ordinal) ? int.Parse(token[4..], CultureInfo.InvariantCulture) : 0);
    }

    private static string LastUpdate(JsonObject study) =>
        study["protocolSection"]?["statusModule"]?["lastUpdatePostDateStruct"]?["date"]?.GetValue<string>() ?? "";

    [GeneratedRegex(@"AREA\[LastUpdatePostDate\]RANGE\[(\d{4}-\d{2}-\d{2}),MAX\]")]
    private static partial Regex Since();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
