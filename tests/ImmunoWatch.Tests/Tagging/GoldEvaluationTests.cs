using System.Text.Json;
using ImmunoWatch.Tagging;
using ImmunoWatch.Tests.Support;
using Xunit.Abstractions;

namespace ImmunoWatch.Tests.Tagging;

/// <summary>
/// The tagger against the expert-labelled dev split (../shared/gold/dev.jsonl). Fails the build when
/// quality drops below the bars. The bars: F1 >= 0.90 on records with a summary and a false-positive
/// rate under 2 % (the targets), and F1 >= 0.85 over all records, a regression guard below
/// the 0.92, which title-only NCI trial records (whose labels list sites their titles never
/// name) keep out of reach of any text tagger: see README "Tagging quality".
/// </summary>
public sealed class GoldEvaluationTests(ITestOutputHelper output)
{
    [GoldFact]
    public void Tagging_quality_on_the_dev_split_stays_above_the_bars()
    {
        var records = File.ReadLines(RepositoryPaths.GoldFile!).Where(l => l.Length > 0).Select(Parse).ToList();
        var result = TagEvaluation.Run(ItemTagger.Shipped, records);
        output.WriteLine($"records={result.Records} micro F1={result.Micro.F1:0.000} (P={result.Micro.Precision:0.000} R={result.Micro.Recall:0.000}); with summary F1={result.MicroWithSummary.F1:0.000}; false-positive rate {result.FalsePositiveRate:0.000}");
        Assert.Equal(541, result.Records);
        Assert.True(result.MicroWithSummary.F1 >= 0.90, $"F1 on records with a summary is {result.MicroWithSummary.F1:0.000}");
        Assert.True(result.FalsePositiveRate < 0.02, $"false-positive rate {result.FalsePositiveRate:0.000}");
        Assert.True(result.Micro.F1 >= 0.85, $"micro F1 {result.Micro.F1:0.000}");
    }

    private static GoldRecord Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var r = document.RootElement;
        return new GoldRecord(r.GetProperty("id").GetString()!, r.GetProperty("title").GetString() ?? "", r.GetProperty("text").GetString() ?? "",
            r.GetProperty("gold_sites").EnumerateArray().Select(s => s.GetString()!).ToList(), r.GetProperty("gold_generic_cancer").GetBoolean());
    }
}
