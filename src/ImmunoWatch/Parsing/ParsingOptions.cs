using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Parsing;

/// <summary>Caps on what one feed document may put into storage (configuration section <c>Parsing</c>).</summary>
public sealed class ParsingOptions
{
    public const string Section = "Parsing";

    /// <summary>Longest title kept, in characters. Default 1,000.</summary>
    [Range(10, 100_000)]
    public int MaxTitleChars { get; set; } = 1_000;

    /// <summary>Largest item HTML kept, in characters. Default 256 K.</summary>
    [Range(1_024, 10 * 1024 * 1024)]
    public int MaxItemHtmlChars { get; set; } = 256 * 1024;

    /// <summary>Most items taken from one fetch; the oldest are dropped first. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxItemsPerFetch { get; set; } = 1_000;

    /// <summary>Longest URL kept, in characters. Default 2,048.</summary>
    [Range(64, 100_000)]
    public int MaxUrlChars { get; set; } = 2_048;
}
