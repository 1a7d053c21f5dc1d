using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ImmunoWatch.Digests;

/// <summary>
/// The small Markdown subset the explainer is written in (paragraphs, ## headings, **bold**,
/// *italic*, &lt;small&gt;) to email-safe HTML and to plain text. Text is HTML-encoded first, so an
/// admin's edit cannot inject markup.
/// </summary>
public static partial class ExplainerMarkup
{
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var html = new StringBuilder();
        foreach (var block in Blocks(markdown))
        {
            var small = block.StartsWith("<small>", StringComparison.Ordinal);
            var text = small ? block.Replace("<small>", "", StringComparison.Ordinal).Replace("</small>", "", StringComparison.Ordinal) : block;
            var encoded = Italic().Replace(Bold().Replace(WebUtility.HtmlEncode(text.TrimStart('#', ' ')), "<strong>$1</strong>"), "<em>$1</em>");
            if (block.StartsWith("## ", StringComparison.Ordinal))
            {
                html.Append("<h2 style=\"font-size:18px;margin:0 0 8px 0;color:#1f3b57;\">").Append(encoded).Append("</h2>");
            }
            else
            {
                html.Append(small ? "<p style=\"margin:0 0 10px 0;font-size:12px;color:#666;\">" : "<p style=\"margin:0 0 10px 0;\">").Append(encoded).Append("</p>");
            }
        }

        return html.ToString();
    }

    public static string ToText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return string.Join("\n\n", Blocks(markdown).Select(b => Italic().Replace(Bold().Replace(b.Replace("<small>", "", StringComparison.Ordinal).Replace("</small>", "", StringComparison.Ordinal).TrimStart('#', ' '), "$1"), "$1")));
    }

    private static IEnumerable<string> Blocks(string markdown) =>
        markdown.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => string.Join(' ', b.Split('\n', StringSplitOptions.TrimEntries)));

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\*(.+?)\*")]
    private static partial Regex Italic();
}
