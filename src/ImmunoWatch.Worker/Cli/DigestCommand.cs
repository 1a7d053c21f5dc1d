using System.CommandLine;
using System.Text.Json;
using ImmunoWatch.Delivery;
using ImmunoWatch.Digests;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch digest preview|send</c>.</summary>
internal static class DigestCommand
{
    public static Command Create()
    {
        var command = new Command("digest", "Preview or send digests.");
        command.Subcommands.Add(Preview());
        command.Subcommands.Add(Send());
        command.Subcommands.Add(DigestOutboxCommand.Create());
        return command;
    }

    private static Command Preview()
    {
        var subscriber = new Option<string>("--subscriber") { Description = "The subscriber's address.", Required = true };
        var format = new Option<string>("--format") { Description = "html (default), text or json.", DefaultValueFactory = _ => "html" };
        var output = new Option<FileInfo?>("--out") { Description = "Write to this file instead of standard output." };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Preview items published since this date instead of the digest period (e.g. to see a digest of older, already stored items)." };
        var command = new Command("preview", "Render what a subscriber's next digest would contain, without sending or marking anything.") { subscriber, format, output, since };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var kind = result.GetValue(format)!;
            if (kind is not ("html" or "text" or "json"))
            {
                await Console.Error.WriteLineAsync($"error: --format must be html, text or json, not '{kind}'");
                return 2;
            }

            var found = await services.GetRequiredService<SubscriberStore>().FindAsync(result.GetValue(subscriber)!, ct);
            if (found is null)
            {
                await Console.Error.WriteLineAsync($"error: no subscriber {result.GetValue(subscriber)}");
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var period = DigestPeriod.Ending(now, found.Cadence, found.TimeZone);
            if (result.GetValue(since) is { } start)
            {
                period = period with { Start = start.ToUniversalTime() };
                found = found with { Watermark = null };
            }

            var digest = await services.GetRequiredService<DigestComposer>().ComposeAsync(found, period, ct);
            var rendered = services.GetRequiredService<DigestRenderer>().Render(digest, webVersionId: null);
            var content = kind switch
            {
                "text" => rendered.Text,
                "json" => JsonSerializer.Serialize(new { subject = rendered.Subject, digest.Period, sections = digest.Sections, trials = digest.Trials, trialUpdates = digest.TrialUpdates, trialsOutsideLocation = digest.TrialsOutsideLocation, entries = digest.EntryCount, more = digest.MoreCount }, ParseOutput.Json),
                _ => rendered.Html,
            };
            if (result.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, content, ct);
                Console.WriteLine($"wrote {kind} preview ({digest.EntryCount} entries) to {file.FullName}");
            }
            else
            {
                Console.WriteLine(content);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Send()
    {
        var subscriber = new Option<string?>("--subscriber") { Description = "Send this subscriber's digest for the current period now, due or not." };
        var command = new Command("send", "Compose and send the digests that are due (each subscriber gets one per period).") { subscriber };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var summary = await services.GetRequiredService<DigestDelivery>().RunAsync(result.GetValue(subscriber), ct);
            Console.WriteLine(summary.ToString());
            return summary.Failed + summary.Unknown > 0 ? 1 : 0;
        }, cancellationToken));
        return command;
    }
}
