using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Fetching;

/// <summary>
/// Refuses non-public destinations where it cannot be fooled: in the HTTP handler's connect step.
/// The host is resolved once, every address is checked, and the socket connects only to checked
/// addresses, so redirects and DNS rebinding meet the same check as the first request. Hosts on the
/// allow-list (tests, local benchmarks) are exempt; ports other than 80 and 443 need an entry too.
/// </summary>
public sealed class DestinationGuard(IHostResolver resolver, IOptions<FetchOptions> options)
{
    private readonly HashSet<string> _allowed = new(options.Value.AllowedPrivateHosts.Select(h => h.Trim().ToLowerInvariant()), StringComparer.Ordinal);

    public bool IsAllowListed(string host, int port, IEnumerable<IPAddress>? addresses = null)
    {
        var names = new List<string> { host.Trim('[', ']').ToLowerInvariant() };
        if (addresses is not null)
        {
            names.AddRange(addresses.Select(a => a.ToString().ToLowerInvariant()));
        }

        return names.Any(n => _allowed.Contains(n) || _allowed.Contains($"{n}:{port}") || _allowed.Contains($"[{n}]:{port}"));
    }

    /// <summary>The reason <paramref name="host"/> may not be contacted, or null when it may.</summary>
    public string? Refusal(string host, int port, IReadOnlyList<IPAddress> addresses)
    {
        if (IsAllowListed(host, port, addresses))
        {
            return null;
        }

        if (port is not (80 or 443))
        {
            return $"port {port} is not allowed (only 80 and 443, or an entry in Fetching:AllowedPrivateHosts)";
        }

        if (addresses.Count == 0)
        {
            return "host has no addresses";
        }

        var blocked = addresses.FirstOrDefault(a => !AddressClassifier.IsPublic(a));
        return blocked is null ? null : $"{blocked} is not a public address";
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/>: resolve once, check, connect to the checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var port = context.DnsEndPoint.Port;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await resolver.ResolveAsync(host, cancellationToken);
        var refusal = Refusal(host, port, addresses);
        if (refusal is not null)
        {
            throw new BlockedDestinationException(host, null, refusal);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
