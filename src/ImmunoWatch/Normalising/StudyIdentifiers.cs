namespace ImmunoWatch.Normalising;

/// <summary>
/// The identifiers that tie one study across sources: a PubMed id, a DOI (lower-cased, no resolver
/// prefix), a ClinicalTrials.gov NCT id, and the item's canonical link.
/// </summary>
public sealed record StudyIdentifiers(string? Pmid, string? Doi, string? Nct, string? CanonicalLink)
{
    public static readonly StudyIdentifiers None = new(null, null, null, null);

    /// <summary>The identifiers as (kind, value) pairs, strongest first.</summary>
    public IEnumerable<(string Kind, string Value)> All()
    {
        if (Pmid is not null)
        {
            yield return ("pmid", Pmid);
        }

        if (Doi is not null)
        {
            yield return ("doi", Doi);
        }

        if (Nct is not null)
        {
            yield return ("nct", Nct);
        }

        if (CanonicalLink is not null)
        {
            yield return ("link", CanonicalLink);
        }
    }
}
