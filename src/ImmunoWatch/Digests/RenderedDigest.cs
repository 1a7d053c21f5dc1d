namespace ImmunoWatch.Digests;

/// <summary>A digest ready to send: subject, HTML and plain-text parts, and its links.</summary>
public sealed record RenderedDigest(string Subject, string Html, string Text, string UnsubscribeUrl, string WebUrl);
