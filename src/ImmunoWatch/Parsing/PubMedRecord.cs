namespace ImmunoWatch.Parsing;

/// <summary>What PubMed's efetch says of an article beyond title, abstract and authors: its journal, MeSH headings and publication types.</summary>
public sealed record PubMedRecord
{
    public required string Pmid { get; init; }
    public string? Doi { get; init; }
    public string? Journal { get; init; }
    /// <summary>MeSH descriptor names ("Carcinoma, Non-Small-Cell Lung").</summary>
    public IReadOnlyList<string> Mesh { get; init; } = [];
    /// <summary>"Randomized Controlled Trial", "Clinical Trial, Phase III", "Journal Article" ...</summary>
    public IReadOnlyList<string> PublicationTypes { get; init; } = [];
}

/// <summary>One page of an esearch answer: how many match, and the PMIDs of this page.</summary>
public sealed record PubMedSearchPage(int Count, int RetStart, IReadOnlyList<string> Pmids);
