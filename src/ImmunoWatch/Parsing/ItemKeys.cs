using System.Security.Cryptography;
using System.Text;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Gives each item of one document a stable key, in this order: its GUID; GUID|link when several
/// items share a GUID; its link; a SHA-256 of title and content. The same logical item gets the same
/// key on every fetch, whatever the order of the items.
/// </summary>
public static class ItemKeys
{
    public static IReadOnlyList<ParsedItem> Assign(IReadOnlyList<ParsedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var guidCounts = items.Where(i => i.Guid is not null).GroupBy(i => i.Guid!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var keyed = new List<ParsedItem>(items.Count);
        foreach (var item in items)
        {
            string key;
            if (item.Guid is not null && guidCounts[item.Guid] == 1)
            {
                key = "guid:" + item.Guid;
            }
            else if (item.Guid is not null && item.Link is not null)
            {
                key = "guid+link:" + item.Guid + "|" + item.Link;
            }
            else if (item.Link is not null)
            {
                key = "link:" + item.Link;
            }
            else
            {
                key = "hash:" + Sha256(item.Title + "\n" + item.SummaryText);
            }

            keyed.Add(item with { Key = key, ContentHash = ContentHash(item) });
        }

        return keyed;
    }

    /// <summary>
    /// SHA-256 of title, link, date, summary and authors joined by U+001F (authors by ';'), hashed
    /// piece by piece: the same digest as hashing the joined string, without building it.
    /// </summary>
    private static string ContentHash(ParsedItem item)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0x1f];
        Append(hash, item.Title);
        hash.AppendData(separator);
        Append(hash, item.Link);
        hash.AppendData(separator);
        Append(hash, item.Published?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        hash.AppendData(separator);
        Append(hash, item.SummaryHtml);
        hash.AppendData(separator);
        Append(hash, string.Join(';', item.Authors));
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, buffer);
        hash.AppendData(buffer, 0, length);
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
