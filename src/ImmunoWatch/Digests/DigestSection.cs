namespace ImmunoWatch.Digests;

/// <summary>A group of entries: one cancer tissue, the trials, or "across cancer types".</summary>
public sealed record DigestSection(string Key, string Title, string Pointer, IReadOnlyList<DigestEntry> Entries, int More);
