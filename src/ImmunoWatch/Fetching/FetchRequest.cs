namespace ImmunoWatch.Fetching;

/// <summary>What to fetch, with the validators of the last stored response for a conditional GET.</summary>
public sealed record FetchRequest(Uri Url, string? ETag, string? LastModified);
