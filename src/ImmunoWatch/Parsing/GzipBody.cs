using System.Buffers;
using System.IO.Compression;

namespace ImmunoWatch.Parsing;

/// <summary>
/// Bodies that are gzip without saying so (nested "gzip, gzip", a server that forgot the header,
/// a .xml file that is really .gz): recognised by the magic bytes and unwrapped under a size cap,
/// so a bomb cannot hide one layer down.
/// </summary>
public static class GzipBody
{
    public static bool IsGzip(ReadOnlySpan<byte> body) => body.Length > 2 && body[0] == 0x1F && body[1] == 0x8B;

    /// <returns>The unwrapped bytes; null when they would exceed <paramref name="maxBytes"/>; the input unchanged when it only looked like gzip.</returns>
    public static byte[]? Unwrap(byte[] body, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var input = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxBytes)
                {
                    return null;
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            return body;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return output.ToArray();
    }
}
