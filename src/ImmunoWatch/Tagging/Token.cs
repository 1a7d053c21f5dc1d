namespace ImmunoWatch.Tagging;

/// <summary>A word of the text: where it is, its vocabulary id (-1 if unknown), and whether a comma, semicolon or full stop came before it.</summary>
internal readonly record struct Token(int Start, int Length, int WordId, bool BreakBefore, bool CommaBefore);
