namespace ImmunoWatch.Fetching;

/// <summary>A failed fetch: its kind and a one-line message naming the host, never a response body.</summary>
public sealed record FetchError(FetchErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind}: {Message}";
}
