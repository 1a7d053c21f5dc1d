using System.CommandLine;
using System.Text.Json;
using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch parse &lt;FILE|URL&gt; [--base-url URL]</c>: one document through the production pipeline, as JSON.</summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A feed file, or an http(s) URL fetched with the production fetcher." };
        var baseUrl = new Option<string?>("--base-url") { Description = "Base URL for resolving relative links (defaults to the URL fetched)." };
        var command = new Command("parse", "Parse one feed document (or a ClinicalTrials.gov API v2 response, or a PubMed efetch answer) and print its items as JSON (no database needed).") { source, baseUrl };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(source)!;
            var baseValue = result.GetValue(baseUrl);
            using var services = CliHost.BuildServices(needsDatabase: false);
            var parser = services.GetRequiredService<FeedDocumentParser>();
            try
            {
                byte[] body;
                string? charset = null;
                Uri? baseUri = baseValue is null ? null : new Uri(baseValue, UriKind.Absolute);
                if (Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
                {
                    var fetcher = services.GetRequiredService<FeedFetcher>();
                    var fetched = await fetcher.FetchAsync(new FetchRequest(url, null, null), cancellationToken);
                    if (fetched.Error is { } error)
                    {
                        await Console.Error.WriteLineAsync($"error: {error.Kind}: {error.Message}");
                        return 1;
                    }

                    body = fetched.Body;
                    charset = fetched.Charset;
                    baseUri ??= fetched.FinalUrl;
                }
                else
                {
                    if (!File.Exists(target))
                    {
                        await Console.Error.WriteLineAsync($"error: no such file: {target}");
                        return 1;
                    }

                    body = await File.ReadAllBytesAsync(target, cancellationToken);
                }

                var text = FeedDecoder.Decode(body, charset);
                var feed = CtGovParser.LooksLikeJson(text) ? services.GetRequiredService<CtGovParser>().Parse(text)
                    : text.AsSpan(0, Math.Min(text.Length, 2048)).Contains("<PubmedArticleSet", StringComparison.Ordinal) ? services.GetRequiredService<PubMedParser>().ParseArticles(text)
                    : parser.Parse(text, baseUri);
                await using var stdout = Console.OpenStandardOutput();
                await JsonSerializer.SerializeAsync(stdout, ParseOutput.From(feed, ImmunoWatch.Tagging.ItemTagger.Shipped), ParseOutput.Json, cancellationToken);
                await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
                return 0;
            }
            catch (FeedParseException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Kind}: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
