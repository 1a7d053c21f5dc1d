namespace ImmunoWatch.Tagging;

/// <summary>A cancer type found in an item: the most specific OncoTree code the text supports, its name, and its tissue.</summary>
public sealed record CancerType(string Code, string Name, string Site);
