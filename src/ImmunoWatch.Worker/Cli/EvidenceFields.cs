using System.Text.Json;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Worker.Cli;

/// <summary>The structured evidence fields of a <c>tag</c> or <c>eval tags</c> input record: <c>conditions</c>, <c>mesh</c>, <c>interventions</c>.</summary>
internal static class EvidenceFields
{
    private static readonly string[] Names = ["conditions", "mesh", "interventions"];

    /// <summary>The record's evidence, or the reason it is malformed (a field that is present but not an array of strings).</summary>
    public static (TagEvidence Evidence, string? Error) Read(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return (TagEvidence.None, null);
        }

        var lists = new List<string>[Names.Length];
        for (var i = 0; i < Names.Length; i++)
        {
            lists[i] = [];
            if (!record.TryGetProperty(Names[i], out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            {
                return (TagEvidence.None, $"\"{Names[i]}\" must be an array of strings");
            }

            lists[i].AddRange(value.EnumerateArray().Select(v => v.GetString()!).Where(v => !string.IsNullOrWhiteSpace(v)));
        }

        return lists.All(l => l.Count == 0)
            ? (TagEvidence.None, null)
            : (new TagEvidence { Conditions = lists[0], Mesh = lists[1], Interventions = lists[2] }, null);
    }
}
