using System.Text.RegularExpressions;

namespace ImmunoWatch.Normalising;

/// <summary>
/// Finds PMID, DOI and NCT id in what an item carries: explicit identifier fields first
/// (dc:identifier "pmid:..."/"doi:...", prism:doi), then the link and GUID, then the text.
/// </summary>
public static partial class IdentifierExtractor
{
    /// <param name="identifierFields">dc:identifier, prism:doi and similar values.</param>
    /// <param name="link">The item link.</param>
    /// <param name="guid">The item GUID or Atom id.</param>
    /// <param name="text">Title and summary text, searched last and only for NCT ids and DOIs.</param>
    public static StudyIdentifiers Extract(IEnumerable<string> identifierFields, string? link, string? guid, string? text)
    {
        ArgumentNullException.ThrowIfNull(identifierFields);
        string? pmid = null, doi = null, nct = null;
        foreach (var field in identifierFields)
        {
            var value = field.Trim();
            if (value.StartsWith("pmid:", StringComparison.OrdinalIgnoreCase) && pmid is null)
            {
                var digits = value[5..].Trim();
                pmid = Digits().IsMatch(digits) ? digits : null;
            }
            else if (doi is null)
            {
                doi = FindDoi(value);
            }
        }

        foreach (var candidate in new[] { link, guid })
        {
            if (string.IsNullOrEmpty(candidate))
            {
                continue;
            }

            pmid ??= PubMedLink().Match(candidate) is { Success: true } p ? p.Groups["id"].Value : null;
            nct ??= FindNct(candidate);
            doi ??= FindDoiInUrl(candidate);
        }

        if (!string.IsNullOrEmpty(text))
        {
            nct ??= FindNct(text);
        }

        return new StudyIdentifiers(pmid, doi, nct, CanonicalLink.From(link));
    }

    /// <summary>A DOI in a field value such as "doi:10.1000/x", "https://doi.org/10.1000/x" or bare "10.1000/x".</summary>
    public static string? FindDoi(string value)
    {
        var match = Doi().Match(value);
        return match.Success ? CleanDoi(match.Value) : null;
    }

    private static string? FindDoiInUrl(string url)
    {
        // Only resolver links and publisher /doi/ paths carry a DOI reliably.
        var match = DoiInUrl().Match(url);
        return match.Success ? CleanDoi(Uri.UnescapeDataString(match.Groups["doi"].Value)) : null;
    }

    private static string CleanDoi(string doi) => doi.TrimEnd('.', ',', ';', ')', ']').ToLowerInvariant();

    public static string? FindNct(string text)
    {
        var match = Nct().Match(text);
        return match.Success ? match.Value.ToUpperInvariant() : null;
    }

    [GeneratedRegex(@"^\d{1,9}$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"pubmed\.ncbi\.nlm\.nih\.gov/(?<id>\d{1,9})\b|ncbi\.nlm\.nih\.gov/pubmed/(?<id>\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PubMedLink();

    [GeneratedRegex(@"10\.\d{4,9}/[^\s""<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex Doi();

    [GeneratedRegex(@"(?:doi\.org/|/doi/(?:abs/|full/|pdf/|epdf/)?)(?<doi>10\.\d{4,9}/[^\s""<>?#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DoiInUrl();

    [GeneratedRegex(@"\bNCT\d{8}\b", RegexOptions.IgnoreCase)]
    private static partial Regex Nct();
}
