namespace ImmunoWatch.Tagging;

/// <summary>A text (title or summary) with its tokens, tokenised once for every tagger.</summary>
internal sealed class TextSegment
{
    public string Text { get; private set; } = "";

    public List<Token> Tokens { get; } = new(256);

    public TextSegment Load(string? text)
    {
        Text = text ?? "";
        Tokenizer.Tokenize(Text, Vocabulary.Shared, Tokens);
        return this;
    }
}
