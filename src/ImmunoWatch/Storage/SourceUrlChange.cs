namespace ImmunoWatch.Storage;

/// <summary>One earlier URL of a source and why it changed ("permanent-redirect" or "admin").</summary>
public sealed record SourceUrlChange(string OldUrl, string NewUrl, string Reason, DateTimeOffset ChangedAt);
