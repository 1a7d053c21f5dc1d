using System.CommandLine;
using System.Text.Json;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// <c>immunowatch tag [--input FILE]</c>: JSON Lines in ({"id","title","text"}, optionally "conditions", "mesh",
/// "interventions"), one JSON line of tags out per input, in order.
/// </summary>
internal static class TagCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input") { Description = "JSON Lines file to tag (default: standard input)." };
        var command = new Command("tag", "Tag JSON Lines records {\"id\",\"title\",\"text\"} (and a registry's \"conditions\", \"mesh\", \"interventions\") with cancer types, sites and immunotherapy modalities.") { input };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(input);
            if (file is not null && !file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: no such file: {file.FullName}");
                return 1;
            }

            using var reader = file is null ? new StreamReader(Console.OpenStandardInput()) : file.OpenText();
            await using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            var tagger = ItemTagger.Shipped;
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonElement record;
                try
                {
                    using var document = JsonDocument.Parse(line);
                    record = document.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    await Console.Error.WriteLineAsync($"error: line {lineNumber}: not JSON ({ex.Message.Split('\n')[0]})");
                    return 1;
                }

                var (evidence, evidenceError) = EvidenceFields.Read(record);
                if (evidenceError is not null)
                {
                    await Console.Error.WriteLineAsync($"error: line {lineNumber}: {evidenceError}");
                    return 1;
                }

                var id = record.ValueKind == JsonValueKind.Object && record.TryGetProperty("id", out var idValue) ? idValue : default;
                // A record whose id is an NCT id is a trial record.
                var tags = tagger.Tag(Text(record, "title"), Text(record, "text"), id.ValueKind == JsonValueKind.String ? ItemTagger.AsNctId(id.GetString()) : null, evidence);
                await output.WriteLineAsync(JsonSerializer.Serialize(new TagLine(id, tags.Immunotherapy, tags.CancerTypes, tags.Sites, tags.Modalities, tags.GenericCancer, tags.NctIds, tags.Phases, tags.Status), ParseOutput.Json));
            }

            await output.FlushAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    private static string? Text(JsonElement record, string name) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private sealed record TagLine(JsonElement Id, bool Immunotherapy, IReadOnlyList<CancerType> CancerTypes, IReadOnlyList<string> Sites, IReadOnlyList<string> Modalities, bool GenericCancer, IReadOnlyList<string> NctIds, IReadOnlyList<string> Phases, string? Status);
}
