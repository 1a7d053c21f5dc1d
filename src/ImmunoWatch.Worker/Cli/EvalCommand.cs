using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch eval tags --gold FILE.jsonl [--min-f1 X] [--misses N]</c>: the tagger against expert labels.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var gold = new Option<FileInfo>("--gold") { Description = "Gold JSON Lines: records with title, text, gold_sites (and gold_generic_cancer; conditions and mesh where a registry or index gives them).", Required = true };
        var minF1 = new Option<double?>("--min-f1") { Description = "Exit 1 when site-level micro F1 is below this." };
        var misses = new Option<int>("--misses") { Description = "Also print this many records the tagger got wrong.", DefaultValueFactory = _ => 0 };
        var tags = new Command("tags", "Score cancer-site tagging: precision, recall and F1 (micro and per site), false-positive rate.") { gold, minF1, misses };
        tags.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(gold)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: no such file: {file.FullName}");
                return 1;
            }

            var (records, error) = await ReadGoldAsync(file, cancellationToken);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"error: {file.Name}: {error}");
                return 1;
            }

            var evaluation = TagEvaluation.Run(ItemTagger.Shipped, records);
            Write(Console.Out, evaluation, result.GetValue(misses));
            var bar = result.GetValue(minF1);
            if (bar is { } minimum && evaluation.Micro.F1 < minimum)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: micro F1 {evaluation.Micro.F1:0.000} is below {minimum:0.000}"));
                return 1;
            }

            return 0;
        });
        var eval = new Command("eval", "Measure ImmunoWatch's tagging against labelled data.") { tags };
        return eval;
    }

    /// <summary>The gold records, or the first line that is not one (JSON object with a gold_sites array of strings).</summary>
    private static async Task<(List<GoldRecord> Records, string? Error)> ReadGoldAsync(FileInfo file, CancellationToken cancellationToken)
    {
        var records = new List<GoldRecord>();
        var lineNumber = 0;
        foreach (var line in await File.ReadAllLinesAsync(file.FullName, cancellationToken))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                return (records, $"line {lineNumber}: not JSON ({ex.Message.Split('\n')[0]})");
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("gold_sites", out var sites) || sites.ValueKind != JsonValueKind.Array
                    || sites.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String))
                {
                    return (records, $"line {lineNumber}: a gold record is an object with \"gold_sites\": an array of OncoTree tissue codes");
                }

                var (evidence, evidenceError) = EvidenceFields.Read(root);
                if (evidenceError is not null)
                {
                    return (records, $"line {lineNumber}: {evidenceError}");
                }

                records.Add(new GoldRecord(
                    root.TryGetProperty("id", out var id) ? id.ToString() : "",
                    Text(root, "title"),
                    Text(root, "text"),
                    sites.EnumerateArray().Select(s => s.GetString()!).ToList(),
                    root.TryGetProperty("gold_generic_cancer", out var generic) && generic.ValueKind == JsonValueKind.True)
                { Evidence = evidence });
            }
        }

        return (records, null);
    }

    private static string Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static void Write(TextWriter output, TagEvaluationResult r, int misses)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{r.Records} records; site-level scores"));
        output.WriteLine(string.Create(c, $"{"SITE",-18} {"TP",4} {"FP",4} {"FN",4}  {"P",5}  {"R",5}  {"F1",5}"));
        foreach (var (site, s) in r.PerSite)
        {
            output.WriteLine(string.Create(c, $"{site,-18} {s.TruePositives,4} {s.FalsePositives,4} {s.FalseNegatives,4}  {s.Precision,5:0.000}  {s.Recall,5:0.000}  {s.F1,5:0.000}"));
        }

        foreach (var miss in r.Misses.Take(misses))
        {
            output.WriteLine($"MISS {miss.Record.Id}: gold [{string.Join(' ', miss.Record.GoldSites)}] got [{string.Join(' ', miss.Predicted)}] | {miss.Record.Title}");
        }

        output.WriteLine(string.Create(c, $"records with a summary: P={r.MicroWithSummary.Precision:0.000} R={r.MicroWithSummary.Recall:0.000} F1={r.MicroWithSummary.F1:0.000}"));
        output.WriteLine(string.Create(c, $"records with a title only: P={r.MicroTitleOnly.Precision:0.000} R={r.MicroTitleOnly.Recall:0.000} F1={r.MicroTitleOnly.F1:0.000} ({r.MicroTitleOnly.FalseNegatives} of the {r.Micro.FalseNegatives} missed sites)"));
        if (r.RecordsWithEvidence > 0)
        {
            output.WriteLine(string.Create(c, $"records with conditions or MeSH terms ({r.RecordsWithEvidence}): P={r.MicroWithEvidence.Precision:0.000} R={r.MicroWithEvidence.Recall:0.000} F1={r.MicroWithEvidence.F1:0.000}"));
        }

        output.WriteLine(string.Create(c, $"records with no cancer label: {r.NoCancerRecordsWithSites} of {r.NoCancerRecords} got a site (false-positive rate {r.FalsePositiveRate:0.000})"));
        output.WriteLine(string.Create(c, $"micro P={r.Micro.Precision:0.000} R={r.Micro.Recall:0.000} F1={r.Micro.F1:0.000}"));
    }
}
