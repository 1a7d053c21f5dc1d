using System.Text;
using System.Text.RegularExpressions;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Turns the bytes of a feed into text. The order follows the XML and HTTP rules that feed readers
/// converged on: a byte-order mark wins, then the HTTP charset, then the XML declaration, then
/// UTF-8. Bytes that are not valid UTF-8 where UTF-8 was assumed are read as windows-1252, which is
/// what undeclared Western feeds almost always are (feedparser makes the same guess).
/// </summary>
public static partial class FeedDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static FeedDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Registers the legacy code pages (windows-125x, KOI8-R, GB2312 ...). Idempotent.</summary>
    public static void EnsureCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="body"/>; gzip bytes served without a Content-Encoding are unwrapped first.</summary>
    /// <param name="body">The response body (already decompressed by HTTP if it said so).</param>
    /// <param name="httpCharset">The charset parameter of the Content-Type header, if any.</param>
    /// <param name="maxBytes">Cap on the unwrapped size.</param>
    public static string Decode(byte[] body, string? httpCharset, int maxBytes = 5 * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = GzipBody.IsGzip(body)
            ? GzipBody.Unwrap(body, maxBytes) ?? throw new FeedParseException(FeedParseErrorKind.TooLarge, $"gzip body expands past {maxBytes} bytes")
            : body;
        var (encoding, skip) = ChooseEncoding(bytes, httpCharset);
        string text;
        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            try
            {
                text = StrictUtf8.GetString(bytes, skip, bytes.Length - skip);
            }
            catch (DecoderFallbackException)
            {
                text = Encoding.GetEncoding(1252).GetString(bytes, skip, bytes.Length - skip);
            }
        }
        else
        {
            text = encoding.GetString(bytes, skip, bytes.Length - skip);
        }

        return text;
    }

    internal static (Encoding Encoding, int Skip) ChooseEncoding(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        var fromBom = FromByteOrderMark(bytes);
        if (fromBom is { } bom)
        {
            return bom;
        }

        var fromShape = FromUnmarkedUtf16Or32(bytes);
        if (fromShape is not null)
        {
            return (fromShape, 0);
        }

        if (TryGetEncoding(httpCharset, out var http))
        {
            return (http, 0);
        }

        if (TryGetEncoding(DeclaredEncoding(bytes), out var declared))
        {
            // A UTF-16 declaration on bytes that were not UTF-16 shaped is a lie; read them as UTF-8.
            return declared is UnicodeEncoding or UTF32Encoding ? (Encoding.UTF8, 0) : (declared, 0);
        }

        return (Encoding.UTF8, 0);
    }

    private static (Encoding, int)? FromByteOrderMark(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0)
        {
            return (new UTF32Encoding(bigEndian: false, byteOrderMark: false), 4);
        }

        if (b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xFE && b[3] == 0xFF)
        {
            return (new UTF32Encoding(bigEndian: true, byteOrderMark: false), 4);
        }

        if (b.Length >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
        {
            return (Encoding.UTF8, 3);
        }

        if (b.Length >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }

        if (b.Length >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }

        return null;
    }

    /// <summary>XML 1.0 appendix F: "&lt;?" in UTF-16 or UTF-32 without a byte-order mark.</summary>
    private static Encoding? FromUnmarkedUtf16Or32(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return null;
        }

        return (b[0], b[1], b[2], b[3]) switch
        {
            (0x3C, 0, 0, 0) => new UTF32Encoding(bigEndian: false, byteOrderMark: false),
            (0, 0, 0, 0x3C) => new UTF32Encoding(bigEndian: true, byteOrderMark: false),
            (0x3C, 0, 0x3F, 0) => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            (0, 0x3C, 0, 0x3F) => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
            _ => null,
        };
    }

    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 1024)]);
        var declaration = XmlDeclaration().Match(head);
        return declaration.Success ? declaration.Groups["enc"].Value : null;
    }

    private static bool TryGetEncoding(string? name, out Encoding encoding)
    {
        encoding = Encoding.UTF8;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        try
        {
            encoding = Encoding.GetEncoding(name.Trim().Trim('"', '\''));
            // GB2312 documents routinely use GB18030 characters; the superset decodes both.
            if (encoding.CodePage == 936)
            {
                encoding = Encoding.GetEncoding("GB18030");
            }

            // ISO-8859-1 labels are windows-1252 in practice (the WHATWG encoding standard says so).
            if (encoding.CodePage is 28591 or 20127)
            {
                encoding = Encoding.GetEncoding(1252);
            }

            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("""^\s*<\?xml[^>]*?encoding\s*=\s*["'](?<enc>[A-Za-z0-9._:-]+)["']""", RegexOptions.CultureInvariant)]
    private static partial Regex XmlDeclaration();
}
