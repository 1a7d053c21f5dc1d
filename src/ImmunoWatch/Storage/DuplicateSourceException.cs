namespace ImmunoWatch.Storage;

/// <summary>Another source already has this URL.</summary>
public sealed class DuplicateSourceException : Exception
{
    public DuplicateSourceException(string url) : base($"another source already has the URL {url}") => Url = url;

    public DuplicateSourceException() : this("?") { }

    public DuplicateSourceException(string message, Exception inner) : base(message, inner) => Url = "?";

    public string Url { get; } = "?";
}
