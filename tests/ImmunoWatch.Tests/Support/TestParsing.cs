using ImmunoWatch.Parsing;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Tests.Support;

internal static class TestParsing
{
    public static FeedDocumentParser Parser(ParsingOptions? options = null) => new(Options.Create(options ?? new ParsingOptions()));

    public static ParsedFeed ParseBytes(byte[] bytes, string? charset = null, Uri? baseUri = null, ParsingOptions? options = null) =>
        Parser(options).Parse(FeedDecoder.Decode(bytes, charset), baseUri);

    public static ParsedFeed ParseText(string xml, Uri? baseUri = null, ParsingOptions? options = null) =>
        ParseBytes(System.Text.Encoding.UTF8.GetBytes(xml), null, baseUri, options);
}
