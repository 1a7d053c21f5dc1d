using System.IO.Compression;
using System.Net;
using System.Text;
using ImmunoWatch.Fetching;
using ImmunoWatch.IntegrationTests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.IntegrationTests.Fetching;

/// <summary>The fetcher against real HTTP servers on loopback (reliability tests T05-T14).</summary>
public sealed class FeedFetcherTests
{
    private static async Task<FetchResult> FetchAsync(Uri url, Dictionary<string, string?> settings, string? etag = null, string? lastModified = null, IHostResolver? resolver = null)
    {
        await using var services = TestServices.Create(settings, resolver);
        return await services.GetRequiredService<FeedFetcher>().FetchAsync(new FetchRequest(url, etag, lastModified), CancellationToken.None);
    }

    [Fact]
    public async Task Sends_conditional_headers_and_understands_304()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (context.Request.Headers.IfNoneMatch == "\"v1\"")
            {
                context.Response.StatusCode = 304;
                context.Response.Headers.LastModified = "Tue, 03 Nov 2026 10:00:00 GMT";
                return;
            }

            context.Response.Headers.ETag = "\"v1\"";
            context.Response.Headers.LastModified = "Mon, 02 Nov 2026 10:00:00 GMT";
            await context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var settings = TestServices.Loopback(server);

        var first = await FetchAsync(server.Url(), settings);
        Assert.True(first.Succeeded);
        Assert.Equal("\"v1\"", first.ETag);
        Assert.Equal("Mon, 02 Nov 2026 10:00:00 GMT", first.LastModified);
        Assert.True(first.StoreValidators);

        var second = await FetchAsync(server.Url(), settings, first.ETag, first.LastModified);
        Assert.True(second.NotModified);
        Assert.Empty(second.Body);
        Assert.Equal("Tue, 03 Nov 2026 10:00:00 GMT", second.LastModified);
        var request = server.Requests.Last();
        Assert.Equal("\"v1\"", request.Header("If-None-Match"));
        Assert.Equal("Mon, 02 Nov 2026 10:00:00 GMT", request.Header("If-Modified-Since"));
    }

    [Fact]
    public async Task Expires_zero_means_validators_are_not_kept()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers.ETag = "\"v2\"";
            context.Response.Headers.Expires = "0";
            await context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        Assert.True(result.Succeeded);
        Assert.False(result.StoreValidators);
    }

    [Fact]
    public async Task Identifies_itself_honestly_and_sends_no_cookies()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers.SetCookie = "session=1";
            return context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var settings = TestServices.Loopback(server);
        await FetchAsync(server.Url(), settings);
        await FetchAsync(server.Url(), settings);
        foreach (var request in server.Requests)
        {
            Assert.Matches(@"^ImmunoWatch/\d+\.\d+\.\d+ \(\+https?://[^)]+\)$", request.Header("User-Agent"));
            Assert.Contains("application/rss+xml", request.Header("Accept"), StringComparison.Ordinal);
            Assert.Contains("application/atom+xml", request.Header("Accept"), StringComparison.Ordinal);
            Assert.Contains("gzip", request.Header("Accept-Encoding"), StringComparison.Ordinal);
            Assert.Contains("br", request.Header("Accept-Encoding"), StringComparison.Ordinal);
            Assert.Null(request.Header("Cookie"));
        }
    }

    [Fact]
    public async Task Follows_a_permanent_redirect_and_reports_it()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/middle";
                return Task.CompletedTask;
            }

            if (context.Request.Path == "/middle")
            {
                context.Response.StatusCode = 308;
                context.Response.Headers.Location = "/new";
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var result = await FetchAsync(server.Url("/old"), TestServices.Loopback(server));
        Assert.True(result.Succeeded);
        Assert.Equal(server.Url("/new"), result.PermanentRedirect);
    }

    [Fact]
    public async Task A_temporary_hop_means_the_stored_url_stays()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            if (context.Request.Path == "/old")
            {
                context.Response.StatusCode = 301;
                context.Response.Headers.Location = "/temp";
                return Task.CompletedTask;
            }

            if (context.Request.Path == "/temp")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/new";
                return Task.CompletedTask;
            }

            return context.Response.WriteAsync(Feeds.Rss("t", ("a", "A")));
        });
        var result = await FetchAsync(server.Url("/old"), TestServices.Loopback(server));
        Assert.True(result.Succeeded);
        Assert.Null(result.PermanentRedirect);
    }

    [Fact]
    public async Task Stops_redirect_loops_and_long_chains()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            var path = context.Request.Path.Value!;
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = path switch
            {
                "/a" => "/b",
                "/b" => "/a",
                _ when path.StartsWith("/chain/", StringComparison.Ordinal) => "/chain/" + (int.Parse(path[7..], System.Globalization.CultureInfo.InvariantCulture) + 1),
                _ => "/a",
            };
            return Task.CompletedTask;
        });
        var settings = TestServices.Loopback(server);

        var loop = await FetchAsync(server.Url("/a"), settings);
        Assert.Equal(FetchErrorKind.TooManyRedirects, loop.Error?.Kind);

        var before = server.Requests.Count;
        var chain = await FetchAsync(server.Url("/chain/0"), settings);
        Assert.Equal(FetchErrorKind.TooManyRedirects, chain.Error?.Kind);
        Assert.Equal(6, server.Requests.Count - before); // the first request and five hops, no more
    }

    [Fact]
    public async Task A_redirect_without_location_is_a_clear_error()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            return Task.CompletedTask;
        });
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        Assert.Equal(FetchErrorKind.MissingLocation, result.Error?.Kind);
    }

    [Fact]
    public async Task A_redirect_to_a_private_listener_is_refused_without_connecting()
    {
        await using var target = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("secret"));
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/perm" ? 301 : 302;
            context.Response.Headers.Location = target.Url().ToString();
            return Task.CompletedTask;
        });
        var settings = TestServices.Loopback(server); // the target is not allow-listed

        var temporary = await FetchAsync(server.Url("/temp"), settings);
        var permanent = await FetchAsync(server.Url("/perm"), settings);

        Assert.Equal(FetchErrorKind.BlockedDestination, temporary.Error?.Kind);
        Assert.Equal(FetchErrorKind.BlockedDestination, permanent.Error?.Kind);
        Assert.Null(permanent.PermanentRedirect);
        Assert.Equal(0, target.Connections);
        Assert.DoesNotContain("secret", permanent.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(429, "120", 120)]
    [InlineData(503, "30", 30)]
    [InlineData(429, "999999999", 86400)]
    public async Task Rate_limits_carry_the_retry_after_delay_capped_at_a_day(int status, string retryAfter, int expectedSeconds)
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.RetryAfter = retryAfter;
            return context.Response.WriteAsync("<html>slow down</html>");
        });
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        Assert.Equal(FetchErrorKind.RateLimited, result.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), result.RetryAfter);
        Assert.Single(server.Requests); // no immediate re-request
    }

    [Fact]
    public async Task Retry_after_as_a_date_and_as_garbage()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(10);
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = context.Request.Path == "/date" ? at.ToString("r") : "banana";
            return Task.CompletedTask;
        });
        var settings = TestServices.Loopback(server);
        var dated = await FetchAsync(server.Url("/date"), settings);
        var garbage = await FetchAsync(server.Url("/banana"), settings);
        Assert.InRange(dated.RetryAfter!.Value.TotalSeconds, 540, 601);
        Assert.Null(garbage.RetryAfter);
        Assert.Equal(FetchErrorKind.RateLimited, garbage.Error?.Kind);
    }

    [Fact]
    public async Task Gone_and_error_pages_are_errors_and_their_bodies_are_not_read()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/gone" ? 410 : context.Request.Path == "/empty" ? 200 : 500;
            return context.Request.Path == "/empty" ? Task.CompletedTask : context.Response.WriteAsync(Feeds.Rss("error page that looks like a feed", ("x", "X")));
        });
        var settings = TestServices.Loopback(server);
        var gone = await FetchAsync(server.Url("/gone"), settings);
        var error = await FetchAsync(server.Url("/error"), settings);
        var empty = await FetchAsync(server.Url("/empty"), settings);
        Assert.Equal(FetchErrorKind.Gone, gone.Error?.Kind);
        Assert.Equal(FetchErrorKind.HttpStatus, error.Error?.Kind);
        Assert.Empty(error.Body);
        Assert.Contains("500", error.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FetchErrorKind.EmptyBody, empty.Error?.Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_cap_is_refused(bool withLength)
    {
        const int size = 20 * 1024 * 1024;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (withLength)
            {
                context.Response.ContentLength = size;
            }

            var chunk = new byte[64 * 1024];
            for (var sent = 0; sent < size && !context.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        Assert.Equal(FetchErrorKind.ResponseTooLarge, result.Error?.Kind);
    }

    [Fact]
    public async Task A_lying_content_length_does_not_lift_the_cap()
    {
        using var server = new RawTcpServer(async (stream, token) =>
        {
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"), token);
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 320 && !token.IsCancellationRequested; i++)
            {
                await stream.WriteAsync(chunk, token);
            }
        });
        var settings = new Dictionary<string, string?>(TestServices.Loopback()) { ["Fetching:AllowedPrivateHosts:0"] = $"127.0.0.1:{server.Port}" };
        var result = await FetchAsync(server.Url(), settings);
        Assert.Equal(FetchErrorKind.ResponseTooLarge, result.Error?.Kind);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("gzip, gzip")]
    public async Task Decompression_bombs_stop_at_the_cap(string encoding)
    {
        var bomb = Bombs.For(encoding);
        Assert.True(bomb.Length < 1024 * 1024, "the bomb itself fits under the cap");
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers.ContentEncoding = encoding;
            await context.Response.Body.WriteAsync(bomb);
        });
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(FetchErrorKind.ResponseTooLarge, result.Error?.Kind);
        Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes fetching a bomb");
    }

    [Fact]
    public async Task A_slowly_dripping_body_hits_the_overall_deadline()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/rss+xml";
            await context.Response.Body.FlushAsync();
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync("<"u8.ToArray());
                await context.Response.Body.FlushAsync();
                await Task.Delay(250);
            }
        });
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await FetchAsync(server.Url(), TestServices.Loopback(server));
        Assert.Equal(FetchErrorKind.Timeout, result.Error?.Kind);
        Assert.InRange(started.Elapsed.TotalSeconds, 1.5, 2.5);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_hits_the_deadline()
    {
        using var server = new RawTcpServer((_, token) => Task.Delay(Timeout.Infinite, token));
        var settings = new Dictionary<string, string?>(TestServices.Loopback()) { ["Fetching:AllowedPrivateHosts:0"] = $"127.0.0.1:{server.Port}" };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = await FetchAsync(server.Url(), settings);
        Assert.Equal(FetchErrorKind.Timeout, result.Error?.Kind);
        Assert.InRange(started.Elapsed.TotalSeconds, 1.5, 2.5);
    }

    private static class Bombs
    {
        private const int Expanded = 200 * 1024 * 1024;
        private static readonly Lazy<byte[]> Gzip = new(() => Compress(Zeros(), s => new GZipStream(s, CompressionLevel.Optimal)));
        private static readonly Lazy<byte[]> Brotli = new(() => Compress(Zeros(), s => new BrotliStream(s, CompressionLevel.Fastest)));
        private static readonly Lazy<byte[]> Nested = new(() => Compress(new MemoryStream(Gzip.Value), s => new GZipStream(s, CompressionLevel.Optimal)));

        public static byte[] For(string encoding) => encoding switch
        {
            "gzip" => Gzip.Value,
            "br" => Brotli.Value,
            _ => Nested.Value,
        };

        private static Stream Zeros() => new ZeroStream(Expanded);

        private static byte[] Compress(Stream source, Func<Stream, Stream> wrap)
        {
            using var output = new MemoryStream();
            using (var compressor = wrap(output))
            {
                source.CopyTo(compressor);
            }

            return output.ToArray();
        }
    }

    private sealed class ZeroStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
