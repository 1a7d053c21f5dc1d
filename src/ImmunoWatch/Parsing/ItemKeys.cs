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

            keyed.Add(item with { Key = key, ContentHash = Sha256(string.Join('\u001f', item.Title, item.Link, item.Published?.ToString("O"), item.SummaryHtml, string.Join(';', item.Authors))) });
        }

        return keyed;
    }

    public static string Sha256(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
