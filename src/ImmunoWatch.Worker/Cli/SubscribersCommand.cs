using System.CommandLine;
using System.Text.Json;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch subscribers add|list|update|remove</c>.</summary>
internal static class SubscribersCommand
{
    public static Command Create()
    {
        var command = new Command("subscribers", "Manage digest subscribers.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Update());
        command.Subcommands.Add(Remove());
        return command;
    }

    private sealed class Fields
    {
        public Option<string?> Name { get; } = new("--name") { Description = "Display name." };
        public Option<string?> Audience { get; } = new("--audience") { Description = "clinician (default) or advocate." };
        public Option<string?> Follow { get; } = new("--follow") { Description = "Comma-separated OncoTree codes or tissues (LUNG,SKIN,NSCLC); empty or 'all' follows everything." };
        public Option<bool?> Trials { get; } = new("--trials") { Description = "Include the trials section (default true)." };
        public Option<string?> Cadence { get; } = new("--cadence") { Description = "weekly (default) or daily." };
        public Option<int?> Weekday { get; } = new("--weekday") { Description = "Weekly digests go out on this ISO weekday, 1 = Monday (default 1)." };
        public Option<int?> Hour { get; } = new("--hour") { Description = "Hour of sending, 0-23 (default 7)." };
        public Option<string?> TimeZone { get; } = new("--time-zone") { Description = "IANA time zone (default UTC)." };
        public Option<string?> State { get; } = new("--state") { Description = "pending, active, unsubscribed or bounced." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Name, Audience, Follow, Trials, Cadence, Weekday, Hour, TimeZone, State })
            {
                command.Options.Add(option);
            }
        }

        public Subscriber Apply(ParseResult result, Subscriber subscriber) => subscriber with
        {
            Name = result.GetValue(Name) ?? subscriber.Name,
            Audience = result.GetValue(Audience) ?? subscriber.Audience,
            Followed = result.GetValue(Follow) is { } follow
                ? follow.Equals("all", StringComparison.OrdinalIgnoreCase) ? [] : follow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).ToList()
                : subscriber.Followed,
            WantsTrials = result.GetValue(Trials) ?? subscriber.WantsTrials,
            Cadence = result.GetValue(Cadence) ?? subscriber.Cadence,
            SendWeekday = result.GetValue(Weekday) ?? subscriber.SendWeekday,
            SendHour = result.GetValue(Hour) ?? subscriber.SendHour,
            TimeZone = result.GetValue(TimeZone) ?? subscriber.TimeZone,
            State = result.GetValue(State) ?? subscriber.State,
        };
    }

    private static Command Add()
    {
        var email = new Argument<string>("email") { Description = "The subscriber's address." };
        var fields = new Fields();
        var command = new Command("add", "Add a subscriber (active at once: admins add people who asked).") { email };
        fields.AddTo(command);
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var subscriber = fields.Apply(result, new Subscriber { Email = result.GetValue(email)! });
            var errors = SubscriberValidator.Validate(subscriber);
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("error: " + string.Join("; ", errors));
                return 2;
            }

            try
            {
                var id = await services.GetRequiredService<SubscriberStore>().AddAsync(subscriber, ct);
                Console.WriteLine($"added subscriber {id}: {subscriber.Email}");
                return 0;
            }
            catch (DuplicateSubscriberException ex)
            {
                await Console.Error.WriteLineAsync($"error: email: {ex.Message}");
                return 1;
            }
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List subscribers.") { json };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var all = await services.GetRequiredService<SubscriberStore>().ListAsync(ct);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(all, ParseOutput.Json));
                return 0;
            }

            foreach (var s in all)
            {
                Console.WriteLine($"{s.Id,4}  {s.State,-12} {s.Audience,-9} {s.Cadence,-6} {(s.Followed.Count == 0 ? "all" : string.Join(',', s.Followed)),-20} {s.Email}");
            }

            Console.WriteLine($"{all.Count} subscribers, {all.Count(s => s.State == SubscriberStates.Active)} active");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Update()
    {
        var email = new Argument<string>("email") { Description = "The subscriber's address." };
        var fields = new Fields();
        var command = new Command("update", "Change a subscriber's preferences or state.") { email };
        fields.AddTo(command);
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<SubscriberStore>();
            var existing = await store.FindAsync(result.GetValue(email)!, ct);
            if (existing is null)
            {
                await Console.Error.WriteLineAsync($"error: no subscriber {result.GetValue(email)}");
                return 1;
            }

            var updated = fields.Apply(result, existing);
            var errors = SubscriberValidator.Validate(updated);
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("error: " + string.Join("; ", errors));
                return 2;
            }

            await store.UpdateAsync(updated, ct);
            Console.WriteLine($"updated subscriber {updated.Id}");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var email = new Argument<string>("email") { Description = "The subscriber's address." };
        var command = new Command("remove", "Delete a subscriber and their digest history.") { email };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var store = services.GetRequiredService<SubscriberStore>();
            var existing = await store.FindAsync(result.GetValue(email)!, ct);
            if (existing is null || !await store.RemoveAsync(existing.Id, ct))
            {
                await Console.Error.WriteLineAsync($"error: no subscriber {result.GetValue(email)}");
                return 1;
            }

            Console.WriteLine($"removed subscriber {existing.Id}");
            return 0;
        }, cancellationToken));
        return command;
    }
}
