using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ImmunoWatch.Fetching;
using ImmunoWatch.Parsing;
using ImmunoWatch.Sources;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch feeds list|add|show|update|enable|disable|remove|import|export</c>.</summary>
internal static class FeedsCommand
{
    public static Command Create()
    {
        var feeds = new Command("feeds", "Manage feed sources: health, add, edit, pause, OPML import and export.");
        feeds.Subcommands.Add(List());
        feeds.Subcommands.Add(Add());
        feeds.Subcommands.Add(Show());
        feeds.Subcommands.Add(Update());
        feeds.Subcommands.Add(SetEnabled("enable", enabled: true));
        feeds.Subcommands.Add(SetEnabled("disable", enabled: false));
        feeds.Subcommands.Add(Remove());
        feeds.Subcommands.Add(Import());
        feeds.Subcommands.Add(Export());
        return feeds;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    private static Argument<long> IdArgument() => new("id") { Description = "The source id (see feeds list)." };

    private static Command List()
    {
        var json = JsonOption();
        var command = new Command("list", "List sources with their health: last success, last error, next poll, items.") { json };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var sources = await services.GetRequiredService<SourceStore>().ListAsync(ct);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(sources, ParseOutput.Json));
                return 0;
            }

            SourceTable.Write(Console.Out, sources);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Add()
    {
        var url = new Argument<string?>("url") { Description = "The feed URL (http or https), or a ClinicalTrials.gov API v2 studies URL.", Arity = ArgumentArity.ZeroOrOne };
        var ctgov = new Option<string?>("--ctgov") { Description = "Instead of a URL: a ClinicalTrials.gov API v2 query, e.g. 'query.cond=melanoma&query.term=immunotherapy' (kind trials)." };
        var pubmed = new Option<string?>("--pubmed") { Description = "Instead of a URL: a PubMed search term for E-utilities, e.g. 'melanoma AND immunotherapy' (kind journal)." };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the feed's own title with --test, else the host)." };
        var kind = new Option<string?>("--kind") { Description = "news, trials, journal, preprint or other (default news; trials for a ClinicalTrials.gov query)." };
        var mode = new Option<string>("--mode") { Description = "all, or immunotherapy-only (only relevant items reach digests).", DefaultValueFactory = _ => RelevanceModes.All };
        var interval = new Option<string?>("--interval") { Description = "Poll interval: 30m, 2h, 1d ... or auto (default)." };
        var test = new Option<bool>("--test") { Description = "Fetch and parse the feed first; save only if that works." };
        var disabled = new Option<bool>("--disabled") { Description = "Save the source paused." };
        var command = new Command("add", "Add a source: a feed URL, a ClinicalTrials.gov query with --ctgov, or a PubMed search with --pubmed.") { url, ctgov, pubmed, name, kind, mode, interval, test, disabled };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            if (!IntervalText.TryParse(result.GetValue(interval), out var pollInterval))
            {
                return await Usage($"interval: '{result.GetValue(interval)}' is not an interval (try 30m, 2h, 1d or auto)");
            }

            var rawUrl = result.GetValue(url);
            var query = result.GetValue(ctgov);
            var term = result.GetValue(pubmed);
            if (new[] { rawUrl, query, term }.Count(v => v is not null) != 1)
            {
                return await Usage("give one of: a feed URL, --ctgov QUERY, --pubmed TERM");
            }

            try
            {
                rawUrl = query is not null ? CtGovQuery.FromQuery(query).ToString()
                    : term is not null ? PubMedQuery.FromTerm(term).ToString()
                    : rawUrl;
            }
            catch (ArgumentException ex)
            {
                return await Usage($"{(query is not null ? "--ctgov" : "--pubmed")}: {ex.Message.Split(" (Parameter", 2)[0]}");
            }

            var parsedUrl = Uri.TryCreate(rawUrl, UriKind.Absolute, out var u) ? u : null;
            var isTrialsApi = parsedUrl is not null && CtGovQuery.IsApiUrl(parsedUrl);
            var isPubMed = parsedUrl is not null && PubMedQuery.IsSearchUrl(parsedUrl);
            var source = new Source
            {
                Url = rawUrl!,
                Name = result.GetValue(name)
                    ?? (isTrialsApi ? $"ClinicalTrials.gov: {Uri.UnescapeDataString(u!.Query.TrimStart('?'))}"
                        : isPubMed ? $"PubMed: {Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(u!.Query)["term"]}"
                        : u?.Host ?? rawUrl!),
                Kind = result.GetValue(kind) ?? (isTrialsApi ? SourceKinds.Trials : isPubMed ? SourceKinds.Journal : SourceKinds.News),
                RelevanceMode = result.GetValue(mode)!,
                PollInterval = pollInterval,
                Enabled = !result.GetValue(disabled),
                DisabledReason = result.GetValue(disabled) ? "admin" : null,
            };
            var errors = services.GetRequiredService<SourceValidator>().Validate(source);
            if (errors.Count > 0)
            {
                return await Usage(string.Join("; ", errors));
            }

            if (result.GetValue(test))
            {
                var (feed, error) = await TestFetchAsync(services, new Uri(source.Url), ct);
                if (error is not null)
                {
                    await Console.Error.WriteLineAsync($"error: test fetch failed: {error}");
                    return 1;
                }

                Console.WriteLine($"test fetch: {feed!.Format}, \"{feed.Title}\", {feed.Items.Count} items");
                if (result.GetValue(name) is null && feed.Title.Length > 0 && !isTrialsApi && !isPubMed)
                {
                    source = source with { Name = feed.Title.Length > 200 ? feed.Title[..200] : feed.Title };
                }
            }

            try
            {
                var id = await services.GetRequiredService<SourceStore>().AddAsync(source, ct);
                Console.WriteLine($"added source {id}: {source.Name}");
                return 0;
            }
            catch (DuplicateSourceException ex)
            {
                await Console.Error.WriteLineAsync($"error: url: {ex.Message}");
                return 1;
            }
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var id = IdArgument();
        var json = JsonOption();
        var command = new Command("show", "Show one source in full, with its URL history.") { id, json };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<SourceStore>();
            var source = await store.GetAsync(result.GetValue(id), ct);
            if (source is null)
            {
                return await NotFound(result.GetValue(id));
            }

            var history = await store.UrlHistoryAsync(source.Id, ct);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { source, url_history = history }, ParseOutput.Json));
                return 0;
            }

            SourceTable.WriteDetails(Console.Out, source, history);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Update()
    {
        var id = IdArgument();
        var url = new Option<string?>("--url") { Description = "New feed URL." };
        var name = new Option<string?>("--name") { Description = "New display name." };
        var kind = new Option<string?>("--kind") { Description = "news, trials, journal, preprint or other." };
        var mode = new Option<string?>("--mode") { Description = "all or immunotherapy-only." };
        var interval = new Option<string?>("--interval") { Description = "Poll interval (30m, 2h, 1d ...) or auto." };
        var command = new Command("update", "Change a source's URL, name, kind, relevance mode or interval.") { id, url, name, kind, mode, interval };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<SourceStore>();
            var source = await store.GetAsync(result.GetValue(id), ct);
            if (source is null)
            {
                return await NotFound(result.GetValue(id));
            }

            var pollInterval = source.PollInterval;
            if (result.GetValue(interval) is { } text && !IntervalText.TryParse(text, out pollInterval))
            {
                return await Usage($"interval: '{text}' is not an interval (try 30m, 2h, 1d or auto)");
            }

            var updated = source with
            {
                Url = result.GetValue(url) ?? source.Url,
                Name = result.GetValue(name) ?? source.Name,
                Kind = result.GetValue(kind) ?? source.Kind,
                RelevanceMode = result.GetValue(mode) ?? source.RelevanceMode,
                PollInterval = pollInterval,
            };
            var errors = services.GetRequiredService<SourceValidator>().Validate(updated);
            if (errors.Count > 0)
            {
                return await Usage(string.Join("; ", errors));
            }

            try
            {
                await store.UpdateAsync(updated, ct);
            }
            catch (DuplicateSourceException ex)
            {
                await Console.Error.WriteLineAsync($"error: url: {ex.Message}");
                return 1;
            }

            Console.WriteLine($"updated source {updated.Id}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command SetEnabled(string verb, bool enabled)
    {
        var id = IdArgument();
        var reason = new Option<string?>("--reason") { Description = "Why the source is paused (shown in feeds list)." };
        var command = enabled
            ? new Command(verb, "Enable a source: it is polled at once and its error count is reset.") { id }
            : new Command(verb, "Pause a source: it is not polled until enabled again.") { id, reason };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var changed = await services.GetRequiredService<SourceStore>().SetEnabledAsync(result.GetValue(id), enabled, enabled ? null : result.GetValue(reason), ct);
            if (!changed)
            {
                return await NotFound(result.GetValue(id));
            }

            Console.WriteLine($"{(enabled ? "enabled" : "disabled")} source {result.GetValue(id)}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var id = IdArgument();
        var command = new Command("remove", "Remove a source with its items.") { id };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            if (!await services.GetRequiredService<SourceStore>().RemoveAsync(result.GetValue(id), ct))
            {
                return await NotFound(result.GetValue(id));
            }

            Console.WriteLine($"removed source {result.GetValue(id)}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML 2.0 file." };
        var command = new Command("import", "Add the feeds of an OPML file (existing URLs are left as they are).") { file };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var path = result.GetValue(file)!;
            if (!path.Exists)
            {
                return await Usage($"file: {path.FullName} does not exist");
            }

            IReadOnlyList<OpmlDocument.Outline> outlines;
            try
            {
                await using var stream = path.OpenRead();
                outlines = OpmlDocument.Read(stream);
            }
            catch (Exception ex) when (ex is FormatException or System.Xml.XmlException)
            {
                await Console.Error.WriteLineAsync($"error: {path.Name}: {ex.Message}");
                return 1;
            }

            var imported = await services.GetRequiredService<OpmlImporter>().ImportAsync(outlines, ct);
            foreach (var rejection in imported.Rejected)
            {
                await Console.Error.WriteLineAsync($"skipped {rejection}");
            }

            var (added, existing, rejected) = (imported.Added, imported.Existing, imported.Rejected.Count);
            Console.WriteLine($"imported={added} existing={existing} rejected={rejected}");
            return rejected > 0 && added == 0 && existing == 0 ? 1 : 0;
        }, cancellationToken));
        return command;
    }

    private static Command Export()
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Write all sources as OPML 2.0.") { output };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var sources = await services.GetRequiredService<SourceStore>().ListAsync(ct);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var file = result.GetValue(output);
            await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
            OpmlDocument.Write(stream, sources, now);
            if (file is not null)
            {
                Console.WriteLine($"exported {sources.Count} sources to {file.FullName}");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<(ParsedFeed? Feed, string? Error)> TestFetchAsync(IServiceProvider services, Uri url, CancellationToken cancellationToken)
    {
        var outcome = await services.GetRequiredService<ImmunoWatch.Scheduling.SourceTrial>().TryAsync(url, cancellationToken);
        return (outcome.Feed, outcome.Error);
    }

    private static async Task<int> Usage(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 2;
    }

    private static async Task<int> NotFound(long id)
    {
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"error: no source with id {id}"));
        return 1;
    }
}
