using System.Text;
using ImmunoWatch.Parsing;
using ImmunoWatch.Tests.Support;

namespace ImmunoWatch.Tests.Parsing;

/// <summary>Encodings (T19): BOM, then HTTP charset, then the XML declaration, then UTF-8 (windows-1252 if that fails).</summary>
public sealed class FeedDecoderTests
{
    static FeedDecoderTests() => FeedDecoder.EnsureCodePages();

    private static byte[] Rss(Encoding encoding, string? declared, string title, bool bom = false)
    {
        var xml = (declared is null ? "" : $"<?xml version=\"1.0\" encoding=\"{declared}\"?>") + $"<rss version=\"2.0\"><channel><title>c</title><item><title>{title}</title></item></channel></rss>";
        var body = encoding.GetBytes(xml);
        return bom ? [.. encoding.GetPreamble(), .. body] : body;
    }

    private static string FirstTitle(byte[] bytes, string? charset = null) => TestParsing.ParseBytes(bytes, charset).Items[0].Title;

    [Theory]
    [InlineData("iso-8859-1", "Málaga résumé")]
    [InlineData("windows-1252", "Smart “quotes” – €5")]
    [InlineData("koi8-r", "Рак лёгкого")]
    [InlineData("windows-1251", "Иммунотерапия")]
    [InlineData("gb2312", "癌症免疫治疗")]
    public void Declared_encodings_are_honoured(string name, string title) =>
        Assert.Equal(title, FirstTitle(Rss(Encoding.GetEncoding(name), name, title)));

    [Fact]
    public void Utf8_with_bom() => Assert.Equal("Naïve café", FirstTitle(Rss(new UTF8Encoding(true), "utf-8", "Naïve café", bom: true)));

    [Fact]
    public void Utf16_little_endian_with_bom_which_feedreader_alone_cannot_read() =>
        Assert.Equal("Mélanome", FirstTitle(Rss(new UnicodeEncoding(false, true), "utf-16", "Mélanome", bom: true)));

    [Fact]
    public void Utf16_big_endian_without_bom_is_recognised_by_shape() =>
        Assert.Equal("Mélanome", FirstTitle(Rss(new UnicodeEncoding(true, false), "utf-16", "Mélanome")));

    [Fact]
    public void Windows_1252_bytes_under_a_utf8_declaration_become_the_intended_text() =>
        Assert.Equal("Café “new”", FirstTitle(Rss(Encoding.GetEncoding(1252), "utf-8", "Café “new”")));

    [Fact]
    public void Undeclared_latin1_bytes_do_not_turn_into_mojibake() =>
        Assert.Equal("Thérapie ciblée", FirstTitle(Rss(Encoding.GetEncoding(1252), null, "Thérapie ciblée")));

    [Fact]
    public void A_bogus_declared_encoding_falls_back_to_utf8() =>
        Assert.Equal("Zürich", FirstTitle(Rss(Encoding.UTF8, "x-bogus", "Zürich")));

    [Fact]
    public void The_http_charset_beats_the_xml_declaration() =>
        Assert.Equal("Рак", FirstTitle(Rss(Encoding.GetEncoding("koi8-r"), "iso-8859-1", "Рак"), charset: "koi8-r"));

    [Fact]
    public void Nul_and_control_bytes_are_dropped_not_fatal()
    {
        var bytes = Encoding.UTF8.GetBytes("<rss version=\"2.0\"><channel><title>c</title><item><title>A\0B\u0001C\u0008D</title></item></channel></rss>");
        Assert.Equal("ABCD", FirstTitle(bytes));
    }

    [Fact]
    public void Gzip_bytes_without_a_content_encoding_are_unwrapped()
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Rss(Encoding.UTF8, "utf-8", "Compressed"));
        }

        Assert.Equal("Compressed", FirstTitle(output.ToArray()));
    }

    [Fact]
    public void Undecodable_bytes_become_replacement_characters_never_an_exception()
    {
        var bytes = Rss(Encoding.UTF8, "shift_jis", "x");
        bytes = [.. bytes.Take(bytes.Length - 40), 0x82, 0xFF, .. bytes.Skip(bytes.Length - 40)];
        var text = FeedDecoder.Decode(bytes, null);
        Assert.False(string.IsNullOrEmpty(text));
    }
}
