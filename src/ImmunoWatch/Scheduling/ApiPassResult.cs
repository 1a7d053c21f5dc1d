namespace ImmunoWatch.Scheduling;

/// <summary>
/// How one pass over an API source ended: the items it stored, and either the cursor the next
/// pass starts from (it completed) or why it stopped (the pages before stay stored).
/// </summary>
public sealed record ApiPassResult(int ItemsNew, int ItemsUpdated, string? Cursor, ApiPassFailure? Failure)
{
    public static ApiPassResult Failed(int itemsNew, int itemsUpdated, string kind, string message, int? status = null, TimeSpan? retryAfter = null) =>
        new(itemsNew, itemsUpdated, null, new ApiPassFailure(kind, message, status, retryAfter));
}

/// <summary>Why a pass stopped, as recorded on the source: kind, one-line message, HTTP status, the publisher's Retry-After.</summary>
public sealed record ApiPassFailure(string Kind, string Message, int? Status, TimeSpan? RetryAfter);
