using System.CommandLine;
using System.Globalization;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary>
/// <c>immunowatch digest outbox [--state STATE]</c>: what was sent, what waits, and what needs an
/// admin (unknown, failed); <c>digest outbox resolve ID --sent|--resend</c> settles an unknown row.
/// </summary>
internal static class DigestOutboxCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state") { Description = "Only rows in this state: pending, claimed, transmitting, sent, failed, unknown, empty." };
        var command = new Command("outbox", "List digest deliveries; 'unknown' rows may or may not have arrived and are never resent automatically.") { state };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var wanted = result.GetValue(state);
            // Summaries only: the stored message bodies stay in the database.
            var rows = (await services.GetRequiredService<DigestOutboxStore>().ListSummariesAsync(wanted, int.MaxValue, ct)).OrderBy(r => r.Id).ToList();
            foreach (var r in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,5}  {r.State,-12} subscriber {r.SubscriberId,-5} {r.PeriodKey,-10} items {r.ItemCount,-4} attempts {r.Attempts}  {r.SentAt?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-"}  {(r.Resolution is null ? "" : $"[admin: {r.Resolution}] ")}{r.LastError}"));
            }

            var attention = rows.Count(r => r.State is "unknown" or "failed");
            Console.WriteLine($"{rows.Count} rows; {attention} need an admin's attention (unknown or failed)");
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(Resolve());
        return command;
    }

    private static Command Resolve()
    {
        var id = new Argument<long>("id") { Description = "The outbox row (see `digest outbox --state unknown`)." };
        var sent = new Option<bool>("--sent") { Description = "It arrived (the recipient or the mail server's log says so): mark it sent." };
        var resend = new Option<bool>("--resend") { Description = "It did not arrive: send the same message again on the next run." };
        var command = new Command("resolve", "Settle a digest whose delivery is unknown, after checking with the recipient or the mail server.") { id, sent, resend };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(sent) == result.GetValue(resend))
            {
                await Console.Error.WriteLineAsync("error: give exactly one of --sent and --resend");
                return 2;
            }

            return await Settle(result.GetValue(id), result.GetValue(sent), cancellationToken);
        });
        return command;
    }

    private static Task<int> Settle(long row, bool arrived, CancellationToken cancellationToken) =>
        DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!await services.GetRequiredService<DigestOutboxStore>().ResolveUnknownAsync(row, arrived, now, ct))
            {
                await Console.Error.WriteLineAsync($"error: outbox row {row} is not unknown (see `immunowatch digest outbox`); nothing changed");
                return 1;
            }

            Console.WriteLine(arrived ? $"outbox row {row} marked sent" : $"outbox row {row} queued to be sent again");
            return 0;
        }, cancellationToken);
}
