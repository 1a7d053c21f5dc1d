using System.Text.Json;
using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Cli;

/// <summary>`immunowatch tag` and `immunowatch eval tags` as scripts call them: the real executable, files in, lines out.</summary>
public sealed class TagCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> NoDatabase = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("immunowatch-tag-").FullName;

    private string WriteLines(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public async Task Tag_writes_one_line_per_record_in_order_with_the_contract_fields()
    {
        var input = WriteLines("in.jsonl",
            """{"id":"a","title":"Nivolumab plus ipilimumab in advanced melanoma","text":"Checkpoint blockade in patients with metastatic melanoma."}""",
            "",
            """{"id":7,"title":"Statins and cholesterol","text":"A cardiology trial."}""");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "tag", "--input", input);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("a", first.RootElement.GetProperty("id").GetString());
        Assert.True(first.RootElement.GetProperty("immunotherapy").GetBoolean());
        Assert.Equal(["SKIN"], first.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
        var type = Assert.Single(first.RootElement.GetProperty("cancer_types").EnumerateArray());
        Assert.Equal("MEL", type.GetProperty("code").GetString());
        Assert.Equal("SKIN", type.GetProperty("site").GetString());
        Assert.Contains("checkpoint-inhibitor", first.RootElement.GetProperty("modalities").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(7, second.RootElement.GetProperty("id").GetInt32());
        Assert.Empty(second.RootElement.GetProperty("sites").EnumerateArray());
        Assert.False(second.RootElement.GetProperty("immunotherapy").GetBoolean());
    }

    [Fact]
    public async Task Tag_takes_a_registrys_conditions_and_mesh_terms_as_evidence()
    {
        var input = WriteLines("in.jsonl",
            """{"id":"NCT04780217","title":"A Study of T3011 in Advanced Solid Tumors","text":""}""",
            """{"id":"NCT04780217","title":"A Study of T3011 in Advanced Solid Tumors","text":"","conditions":["Head and Neck Cancer","Nsclc"],"mesh":["Skin Neoplasms"]}""",
            """{"id":"x","title":"A registry","conditions":"Melanoma"}""");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "tag", "--input", input);

        // The third line's conditions are not an array: one clear error, after the lines before it.
        Assert.Equal(1, exit);
        Assert.Equal("error: line 3: \"conditions\" must be an array of strings", stderr.Trim());
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var plain = JsonDocument.Parse(lines[0]);
        using var withEvidence = JsonDocument.Parse(lines[1]);
        Assert.Empty(plain.RootElement.GetProperty("sites").EnumerateArray());
        Assert.Equal(["HEAD_NECK", "LUNG", "SKIN"], withEvidence.RootElement.GetProperty("sites").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Eval_scores_records_with_conditions_on_a_line_of_their_own()
    {
        var gold = WriteLines("gold.jsonl",
            """{"id":"NCT1","title":"A study in solid tumors","text":"","conditions":["Kidney Cancer"],"gold_sites":["KIDNEY"]}""",
            """{"id":"2","title":"Lung cancer screening uptake","text":"","gold_sites":["LUNG"]}""");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "eval", "tags", "--gold", gold);

        Assert.True(exit == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        Assert.Contains("records with conditions or MeSH terms (1): P=1.000 R=1.000 F1=1.000", lines);
        Assert.Equal("micro P=1.000 R=1.000 F1=1.000", lines[^1]);
    }

    [Fact]
    public async Task Eval_prints_scores_and_ends_with_the_micro_line()
    {
        var gold = WriteLines("gold.jsonl",
            """{"id":"1","title":"Adjuvant therapy for melanoma","text":"","gold_sites":["SKIN"],"gold_generic_cancer":false}""",
            """{"id":"2","title":"Lung cancer screening uptake","text":"","gold_sites":["LUNG","BREAST"],"gold_generic_cancer":false}""",
            """{"id":"3","title":"Insulin pumps in type 1 diabetes","text":"","gold_sites":[],"gold_generic_cancer":false}""");

        var (exit, stdout, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "eval", "tags", "--gold", gold);

        Assert.True(exit == 0, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        // Two sites found, none wrong, BREAST missed: P 1, R 2/3, F1 0.8.
        Assert.Equal("micro P=1.000 R=0.667 F1=0.800", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("records with no cancer label: 0 of 1 got a site", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("LUNG ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Eval_fails_below_the_given_bar()
    {
        var gold = WriteLines("gold.jsonl", """{"title":"Lung cancer","gold_sites":["LUNG","BREAST"]}""");
        var (exit, _, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "eval", "tags", "--gold", gold, "--min-f1", "0.9");
        Assert.Equal(1, exit);
        Assert.Equal("error: micro F1 0.667 is below 0.900", stderr.Trim());
    }

    [Theory]
    [InlineData("not json", "line 1: not JSON")]
    [InlineData("""{"title":"x","gold_sites":"LUNG"}""", "line 1: a gold record is an object with \"gold_sites\"")]
    [InlineData("[1,2]", "line 1: a gold record is an object")]
    public async Task Bad_gold_lines_get_one_clear_error_line(string line, string expected)
    {
        var gold = WriteLines("bad.jsonl", """{"title":"fine","gold_sites":[]}""", line);
        var (exit, stdout, stderr) = await WorkerProcess.RunAsync(NoDatabase, TimeSpan.FromSeconds(60), "eval", "tags", "--gold", gold);
        Assert.Equal(1, exit);
        Assert.Empty(stdout);
        var error = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: bad.jsonl: ", error, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("line 1", "line 2", StringComparison.Ordinal), error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
