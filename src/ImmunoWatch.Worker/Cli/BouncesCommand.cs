using System.CommandLine;
using ImmunoWatch.Delivery;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch bounces import FILE...</c>: read bounce and complaint messages (.eml) and suppress recipients.</summary>
internal static class BouncesCommand
{
    private const int SoftLimit = 3;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Bounce or complaint messages, as .eml files.", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Classify returned messages (DSN hard/soft, ARF complaints) and suppress recipients: hard and complaints at once, soft after 3.") { files };
        import.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<SubscriberStore>();
            int hard = 0, soft = 0, complaints = 0, unreadable = 0;
            foreach (var file in result.GetValue(files)!)
            {
                MimeMessage message;
                try
                {
                    message = await MimeMessage.LoadAsync(file.FullName, ct);
                }
                catch (Exception ex) when (ex is FormatException or IOException)
                {
                    unreadable++;
                    await Console.Error.WriteLineAsync($"skipped {file.Name}: {ex.Message}");
                    continue;
                }

                var bounces = BounceClassifier.Classify(message);
                unreadable += bounces.Count == 0 ? 1 : 0;
                foreach (var bounce in bounces)
                {
                    var state = await store.RecordBounceAsync(bounce.Recipient, bounce.Kind, SoftLimit, ct);
                    Console.WriteLine($"{bounce.Kind.ToString().ToLowerInvariant()} {bounce.Recipient}: {bounce.Detail} -> {state ?? "not a subscriber"}");
                    hard += bounce.Kind == BounceKind.Hard ? 1 : 0;
                    soft += bounce.Kind == BounceKind.Soft ? 1 : 0;
                    complaints += bounce.Kind == BounceKind.Complaint ? 1 : 0;
                }
            }

            Console.WriteLine($"hard={hard} soft={soft} complaints={complaints} unreadable={unreadable}");
            return 0;
        }, cancellationToken));
        return new Command("bounces", "Handle returned mail.") { import };
    }
}
