namespace ImmunoWatch.Storage;

/// <summary>What one ingest changed.</summary>
public readonly record struct IngestCounts(int New, int Updated);
