namespace ImmunoWatch.Tagging;

/// <summary>
/// A word of the text: where it is, its vocabulary id (-1 if unknown), whether a comma, semicolon or
/// full stop came before it, and its capitals (which abbreviation lookups need).
/// </summary>
internal readonly record struct Token(int Start, int Length, int WordId, bool BreakBefore, bool CommaBefore, TokenCase Case = TokenCase.Lower);

/// <summary>Where a word has capital letters: none, only the first ("Patients"), or after the first ("NSCLC", "cHL").</summary>
internal enum TokenCase : byte
{
    Lower,
    Capitalised,
    Inner,
}
