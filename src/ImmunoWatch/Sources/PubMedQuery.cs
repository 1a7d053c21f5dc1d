using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace ImmunoWatch.Sources;

/// <summary>
/// A PubMed search as a source: its URL is E-utilities' esearch with <c>db=pubmed</c> and the admin's
/// <c>term</c>. Each pass searches (newest first, <c>retmax</c> per page, <c>retstart</c> to page),
/// after the first complete pass only for records added since (<c>datetype=edat</c>, <c>mindate</c>),
/// then fetches the articles with efetch in batches of PMIDs.
/// </summary>
public static class PubMedQuery
{
    public const string DefaultEndpoint = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esearch.fcgi";

    public static bool IsSearchUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.TrimEnd('/').EndsWith("/esearch.fcgi", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The source URL for a PubMed search term, e.g. <c>melanoma AND immunotherapy[mh]</c>.</summary>
    public static Uri FromTerm(string term, string endpoint = DefaultEndpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        return new Uri(QueryHelpers.AddQueryString(endpoint, new Dictionary<string, string?> { ["db"] = "pubmed", ["term"] = term.Trim() }));
    }

    /// <param name="source">The source URL (esearch with db and term).</param>
    /// <param name="retStart">Offset of this page.</param>
    /// <param name="retMax">PMIDs per page.</param>
    /// <param name="addedSince">After a complete pass: only records added to PubMed (Entrez date) on or after this day.</param>
    /// <param name="credentials">The api_key, tool and email parameters NCBI asks callers to send.</param>
    public static Uri SearchUrl(Uri source, int retStart, int retMax, DateOnly? addedSince, IEnumerable<KeyValuePair<string, string?>> credentials)
    {
        ArgumentNullException.ThrowIfNull(source);
        var query = QueryHelpers.ParseQuery(source.Query);
        var parameters = query.Where(p => p.Key is not ("retstart" or "retmax" or "retmode" or "sort" or "datetype" or "mindate" or "maxdate" or "usehistory"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v))).ToList();
        if (!query.ContainsKey("db"))
        {
            parameters.Add(new("db", "pubmed"));
        }

        parameters.Add(new("retmode", "xml"));
        parameters.Add(new("sort", "pub_date"));
        parameters.Add(new("retstart", retStart.ToString(CultureInfo.InvariantCulture)));
        parameters.Add(new("retmax", retMax.ToString(CultureInfo.InvariantCulture)));
        if (addedSince is { } since)
        {
            parameters.Add(new("datetype", "edat"));
            parameters.Add(new("mindate", since.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
            parameters.Add(new("maxdate", "3000"));
        }

        parameters.AddRange(credentials);
        return new Uri(QueryHelpers.AddQueryString(source.GetLeftPart(UriPartial.Path), parameters));
    }

    /// <summary>efetch beside the search endpoint, for these PMIDs, as XML.</summary>
    public static Uri FetchUrl(Uri source, IEnumerable<string> pmids, IEnumerable<KeyValuePair<string, string?>> credentials)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = source.GetLeftPart(UriPartial.Path);
        var endpoint = path[..path.LastIndexOf('/')] + "/efetch.fcgi";
        var parameters = new List<KeyValuePair<string, string?>> { new("db", "pubmed"), new("retmode", "xml"), new("id", string.Join(',', pmids)) };
        parameters.AddRange(credentials);
        return new Uri(QueryHelpers.AddQueryString(endpoint, parameters));
    }
}
