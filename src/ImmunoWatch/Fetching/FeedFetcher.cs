using System.Buffers;
using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using ImmunoWatch.Parsing;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Fetching;

/// <summary>
/// Fetches one feed URL under ImmunoWatch's rules: conditional GET, one overall deadline that covers
/// the body, a body cap counted after decompression, at most N redirects each checked (no https to
/// http), 304/410/429/503 understood, and error bodies never read. Never throws for a network or
/// HTTP failure: the result carries a typed <see cref="FetchError"/>.
/// </summary>
public sealed class FeedFetcher(IHttpClientFactory clients, IOptions<FetchOptions> options, TimeProvider time, ILogger<FeedFetcher> logger)
{
    public const string ClientName = "feeds";

    private readonly FetchOptions _options = options.Value;

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
        var client = clients.CreateClient(ClientName);
        var url = request.Url;
        var allPermanent = true;
        Uri? permanent = null;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                if (request.ETag is { Length: > 0 } etag)
                {
                    message.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (request.LastModified is { Length: > 0 } lastModified)
                {
                    message.Headers.TryAddWithoutValidation("If-Modified-Since", lastModified);
                }

                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    var next = NextHop(url, response, hop, out var refusal);
                    if (next is null)
                    {
                        return refusal!;
                    }

                    allPermanent &= status is 301 or 308;
                    permanent = allPermanent ? next : null;
                    url = next;
                    continue;
                }

                return await ReadResponseAsync(response, url, permanent, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchResult.Failed(FetchErrorKind.Timeout, $"{url.Host}: no complete response within {_options.TotalTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return Classify(url, ex);
        }
    }

    private Uri? NextHop(Uri current, HttpResponseMessage response, int hop, out FetchResult? refusal)
    {
        var status = (int)response.StatusCode;
        var (next, error) = RedirectPolicy.Next(current, response.Headers.Location, hop, _options.MaxRedirects);
        refusal = error is null ? null : FetchResult.Failed(error.Kind, $"{current.Host}: HTTP {status} {error.Message}", status);
        return next;
    }

    private async Task<FetchResult> ReadResponseAsync(HttpResponseMessage response, Uri url, Uri? permanent, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var now = time.GetUtcNow();
        var etag = response.Headers.ETag?.ToString();
        var lastModified = response.Content.Headers.LastModified?.ToString("r");
        if (status == 304)
        {
            return new FetchResult { StatusCode = 304, NotModified = true, ETag = etag, LastModified = lastModified, FinalUrl = url, FreshFor = ResponseHeaders.FreshFor(response, now), StoreValidators = ResponseHeaders.AllowsValidatorReuse(response) };
        }

        if (status == 410)
        {
            return FetchResult.Failed(FetchErrorKind.Gone, $"{url.Host}: HTTP 410 Gone, the publisher retired this feed", status);
        }

        if (status is 429 or 503)
        {
            var retry = ResponseHeaders.RetryAfter(response.Headers, now, _options.MaxRetryAfter);
            return FetchResult.Failed(FetchErrorKind.RateLimited, $"{url.Host}: HTTP {status}{(retry is null ? "" : $", retry after {retry.Value.TotalSeconds:0} s")}", status, retry);
        }

        if (status is < 200 or > 299)
        {
            return FetchResult.Failed(FetchErrorKind.HttpStatus, $"{url.Host}: HTTP {status} {response.ReasonPhrase}", status);
        }

        if (response.Content.Headers.ContentLength > _options.MaxBodyBytes)
        {
            return FetchResult.Failed(FetchErrorKind.ResponseTooLarge, $"{url.Host}: body of {response.Content.Headers.ContentLength} bytes exceeds the {_options.MaxBodyBytes}-byte cap", status);
        }

        var body = await ReadCappedAsync(response, cancellationToken);
        if (body is null)
        {
            return FetchResult.Failed(FetchErrorKind.ResponseTooLarge, $"{url.Host}: body exceeds the {_options.MaxBodyBytes}-byte cap after decompression", status);
        }

        if (GzipBody.IsGzip(body))
        {
            // Gzip inside the content coding (nested "gzip, gzip", or a server that forgot the header):
            // unwrapped here, under the same cap, so a bomb cannot hide one layer down.
            body = GzipBody.Unwrap(body, _options.MaxBodyBytes);
            if (body is null)
            {
                return FetchResult.Failed(FetchErrorKind.ResponseTooLarge, $"{url.Host}: gzip body expands past the {_options.MaxBodyBytes}-byte cap", status);
            }
        }

        if (body.Length == 0)
        {
            return FetchResult.Failed(FetchErrorKind.EmptyBody, $"{url.Host}: HTTP {status} with an empty body", status);
        }

        FetchLog.Fetched(logger, url.Host, status, body.Length);
        return new FetchResult
        {
            StatusCode = status,
            Body = body,
            Charset = response.Content.Headers.ContentType?.CharSet,
            ContentType = response.Content.Headers.ContentType?.MediaType,
            ETag = etag,
            LastModified = lastModified,
            StoreValidators = ResponseHeaders.AllowsValidatorReuse(response),
            FinalUrl = url,
            PermanentRedirect = permanent,
            FreshFor = ResponseHeaders.FreshFor(response, now),
        };
    }

    /// <summary>
    /// Reads the (already decompressed) body, giving up as soon as it passes the cap. The body
    /// arrives in pooled chunks and is copied once into an array of its exact size (a growing
    /// buffer would leave a trail of large objects for the garbage collector).
    /// </summary>
    private async Task<byte[]?> ReadCappedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        const int ChunkSize = 64 * 1024;
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var chunks = new List<byte[]>();
        var total = 0;
        try
        {
            var filled = ChunkSize;
            while (true)
            {
                if (filled == ChunkSize)
                {
                    chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                    filled = 0;
                }

                var read = await stream.ReadAsync(chunks[^1].AsMemory(filled, ChunkSize - filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
                total += read;
                if (total > _options.MaxBodyBytes)
                {
                    return null;
                }
            }

            var body = new byte[total];
            for (var i = 0; i < chunks.Count; i++)
            {
                var offset = i * ChunkSize;
                chunks[i].AsSpan(0, Math.Min(ChunkSize, total - offset)).CopyTo(body.AsSpan(offset));
            }

            return body;
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }

    private static FetchResult Classify(Uri url, HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedDestinationException blocked:
                    return FetchResult.Failed(FetchErrorKind.BlockedDestination, blocked.Message);
                case AuthenticationException:
                    return FetchResult.Failed(FetchErrorKind.Tls, $"{url.Host}: TLS handshake failed ({FirstLine(inner.Message)})");
                case System.IO.InvalidDataException:
                    return FetchResult.Failed(FetchErrorKind.Network, $"{url.Host}: response could not be decompressed");
            }
        }

        if (ex.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return FetchResult.Failed(FetchErrorKind.Tls, $"{url.Host}: TLS handshake failed");
        }

        if (ex.InnerException is TimeoutException || ex.HttpRequestError == HttpRequestError.ConnectionError && ex.InnerException is OperationCanceledException)
        {
            return FetchResult.Failed(FetchErrorKind.Timeout, $"{url.Host}: connect timed out");
        }

        return FetchResult.Failed(FetchErrorKind.Network, $"{url.Host}: {ex.HttpRequestError} ({FirstLine(ex.Message)})");
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
