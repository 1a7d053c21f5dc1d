namespace ImmunoWatch.Storage;

/// <summary>Another subscriber already has this address.</summary>
public sealed class DuplicateSubscriberException : Exception
{
    public DuplicateSubscriberException(string email) : base($"a subscriber with the address {email} already exists") { }

    public DuplicateSubscriberException() : this("?") { }

    public DuplicateSubscriberException(string message, Exception inner) : base(message, inner) { }
}
