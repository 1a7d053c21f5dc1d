using System.CommandLine;
using System.Globalization;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch digest outbox [--state STATE]</c>: what was sent, what waits, and what needs an admin (unknown, failed).</summary>
internal static class DigestOutboxCommand
{
    public static Command Create()
    {
        var state = new Option<string?>("--state") { Description = "Only rows in this state: pending, claimed, transmitting, sent, failed, unknown, empty." };
        var command = new Command("outbox", "List digest deliveries; 'unknown' rows may or may not have arrived and are never resent automatically.") { state };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var wanted = result.GetValue(state);
            var rows = (await services.GetRequiredService<DigestOutboxStore>().ListAsync(ct)).Where(r => wanted is null || r.State == wanted).ToList();
            foreach (var r in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Id,5}  {r.State,-12} subscriber {r.SubscriberId,-5} {r.PeriodKey,-10} items {r.ItemCount,-4} attempts {r.Attempts}  {r.SentAt?.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-"}  {r.LastError}"));
            }

            var attention = rows.Count(r => r.State is "unknown" or "failed");
            Console.WriteLine($"{rows.Count} rows; {attention} need an admin's attention (unknown or failed)");
            return 0;
        }, cancellationToken));
        return command;
    }
}
