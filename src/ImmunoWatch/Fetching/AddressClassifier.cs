using System.Net;
using System.Net.Sockets;

namespace ImmunoWatch.Fetching;

/// <summary>
/// Tells public unicast addresses from everything a feed fetch must never reach: loopback, private
/// (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
/// "this network", documentation, benchmarking, multicast and reserved ranges. IPv6 forms that embed
/// an IPv4 address (mapped, NAT64, 6to4) are judged by the embedded address.
/// </summary>
public static class AddressClassifier
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublicV4(address.MapToIPv4().GetAddressBytes());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicV6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicV4(byte[] b) => !(
        b[0] == 0                                        // 0.0.0.0/8 "this network"
        || b[0] == 10                                    // 10/8
        || b[0] == 127                                   // loopback
        || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // 100.64/10 carrier-grade NAT
        || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
        || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)     // 172.16/12
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // 192.0.0/24 IETF
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)       // TEST-NET-1
        || (b[0] == 192 && b[1] == 88 && b[2] == 99)     // 6to4 relay anycast
        || (b[0] == 192 && b[1] == 168)                  // 192.168/16
        || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
        || (b[0] == 198 && b[1] == 51 && b[2] == 100)    // TEST-NET-2
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)     // TEST-NET-3
        || b[0] >= 224);                                 // multicast, reserved, broadcast

    private static bool IsPublicV6(byte[] b)
    {
        if (b.Take(15).All(x => x == 0))
        {
            return false; // :: and ::1
        }

        if ((b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF)
        {
            return false; // unique-local fc00::/7, link-local fe80::/10, multicast
        }

        if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)
        {
            return false; // deprecated site-local fec0::/10
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8)
        {
            return false; // documentation 2001:db8::/32
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            return false; // Teredo hides an arbitrary IPv4 peer
        }

        if (b[0] == 0 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B)
        {
            return IsPublicV4(b[12..16]); // NAT64 64:ff9b::/96
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsPublicV4(b[2..6]); // 6to4 2002::/16
        }

        if (b.Take(12).All(x => x == 0))
        {
            return false; // deprecated IPv4-compatible ::a.b.c.d
        }

        return true;
    }
}
