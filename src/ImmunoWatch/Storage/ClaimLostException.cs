namespace ImmunoWatch.Storage;

/// <summary>A poll's result arrived after its claim on the source had lapsed and been taken by another poll: nothing was recorded.</summary>
public sealed class ClaimLostException : Exception
{
    public ClaimLostException(long sourceId)
        : base($"source {sourceId}: the claim this poll ran under lapsed and the source was claimed again; result discarded") => SourceId = sourceId;

    public ClaimLostException() : this(0) { }

    public ClaimLostException(string message, Exception inner) : base(message, inner) { }

    public long SourceId { get; }
}
