using System.Text.Json.Serialization;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// Compile-time serialisation metadata for <see cref="ParseOutput.FeedDto"/>. Names, escaping and
/// null handling come from <see cref="ParseOutput.Json"/>, which uses this context first.
/// </summary>
[JsonSerializable(typeof(ParseOutput.FeedDto))]
internal sealed partial class ParseOutputContext : JsonSerializerContext;
