using ImmunoWatch.Parsing;
using ImmunoWatch.Tagging;

namespace ImmunoWatch.Processing;

/// <summary>
/// A parsed item made ready for storage: its key hashed, its study identifiers in one global order
/// and its tags computed, so that storage only writes.
/// </summary>
public sealed record ProcessedItem(ParsedItem Item, byte[] KeyHash, IReadOnlyList<(string Kind, string Value)> Identifiers, ItemTags Tags);
