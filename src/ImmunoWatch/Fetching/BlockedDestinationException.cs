using System.Net;

namespace ImmunoWatch.Fetching;

/// <summary>Thrown at connect time when a host resolves to an address the guard refuses.</summary>
public sealed class BlockedDestinationException : Exception
{
    public BlockedDestinationException(string host, IPAddress? address, string reason)
        : base(address is null ? $"{host}: {reason}" : $"{host} resolves to {address}: {reason}")
    {
        Host = host;
    }

    public BlockedDestinationException() : this("?", null, "blocked") { }

    public BlockedDestinationException(string message) : base(message) => Host = "?";

    public BlockedDestinationException(string message, Exception inner) : base(message, inner) => Host = "?";

    public string Host { get; } = "?";
}
