namespace ImmunoWatch.Parsing;

/// <summary>Why a document could not be read as a feed.</summary>
public enum FeedParseErrorKind
{
    Empty,
    NotXml,
    NotAFeed,
    Malformed,
    TooLarge,
    /// <summary>An API response that is not JSON.</summary>
    NotJson,
    /// <summary>An API response with a value outside the API's documented enum (a status, a phase ...).</summary>
    UnknownValue,
    /// <summary>A paged API that hands back a page token it gave before: following it would never end.</summary>
    PagingLoop,
}

/// <summary>A document that is not a readable feed. The message is one line, fit for an admin.</summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException(FeedParseErrorKind kind, string message) : base(message) => Kind = kind;

    public FeedParseException(FeedParseErrorKind kind, string message, Exception inner) : base(message, inner) => Kind = kind;

    public FeedParseException() : this(FeedParseErrorKind.Malformed, "malformed feed") { }

    public FeedParseException(string message) : this(FeedParseErrorKind.Malformed, message) { }

    public FeedParseException(string message, Exception inner) : this(FeedParseErrorKind.Malformed, message, inner) { }

    public FeedParseErrorKind Kind { get; }
}
