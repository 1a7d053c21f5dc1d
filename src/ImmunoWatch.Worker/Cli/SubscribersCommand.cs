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
        public Option<bool?> RecruitingOnly { get; } = new("--recruiting-only") { Description = "Trials section: only trials (and sites) recruiting now." };
        public Option<string?> Country { get; } = new("--country") { Description = "Trials section: only trials with a site in this country, as the registry names it (\"United States\")." };
        public Option<string?> Region { get; } = new("--region") { Description = "With --country: only sites in this state or province (\"Ohio\")." };
        public Option<string?> Near { get; } = new("--near") { Description = "Trials section: sites near a place (\"Columbus, Ohio\", located from the registry's sites) or LAT,LON; with --radius-km." };
        public Option<int?> RadiusKm { get; } = new("--radius-km") { Description = "With --near: how far, in km (default 100)." };
        public Option<bool> NoLocation { get; } = new("--no-location") { Description = "Clear the trials location." };
        public Option<int?> Age { get; } = new("--age") { Description = "Trials section: the participant's age in years, checked against each trial's age range." };
        public Option<string?> Sex { get; } = new("--sex") { Description = "Trials section: female or male, checked against each trial's eligibility; any clears it." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Name, Audience, Follow, Trials, Cadence, Weekday, Hour, TimeZone, State, RecruitingOnly, Country, Region, Near, RadiusKm, NoLocation, Age, Sex })
            {
                command.Options.Add(option);
            }
        }

        /// <summary>The trials preferences the options ask for; a place given by name is located from the registry's sites.</summary>
        public async Task<(TrialPreferences? Preferences, string? Error)> TrialsAsync(ParseResult result, TrialPreferences current, TrialPlaces places, CancellationToken cancellationToken)
        {
            var location = result.GetValue(NoLocation) ? null : current.Location;
            if (result.GetValue(Country) is { } country)
            {
                location = new TrialLocation { Country = country, State = result.GetValue(Region) };
            }
            else if (result.GetValue(Region) is not null)
            {
                return (null, "--region needs --country");
            }

            if (result.GetValue(Near) is { } near)
            {
                var radius = result.GetValue(RadiusKm) ?? 100;
                location = await places.ResolveNearAsync(near, radius, cancellationToken);
                if (location is null)
                {
                    return (null, $"--near: no trial site in the stored registry data is in '{near}'; give the city as the registry writes it (\"Columbus, Ohio\") or LAT,LON");
                }
            }
            else if (result.GetValue(RadiusKm) is { } radius)
            {
                if (location is not { IsPoint: true })
                {
                    return (null, "--radius-km needs --near");
                }

                location = location with { RadiusKm = radius };
            }

            var sex = result.GetValue(Sex) is { } given ? given.Equals("any", StringComparison.OrdinalIgnoreCase) ? null : given.ToLowerInvariant() : current.Sex;
            return (current with
            {
                RecruitingOnly = result.GetValue(RecruitingOnly) ?? current.RecruitingOnly,
                Location = location,
                AgeYears = result.GetValue(Age) ?? current.AgeYears,
                Sex = sex,
            }, null);
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
            var (trials, trialsError) = await fields.TrialsAsync(result, subscriber.Trials, services.GetRequiredService<TrialPlaces>(), ct);
            if (trialsError is not null)
            {
                await Console.Error.WriteLineAsync("error: " + trialsError);
                return 2;
            }

            subscriber = subscriber with { Trials = trials! };
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
            var (trials, trialsError) = await fields.TrialsAsync(result, updated.Trials, services.GetRequiredService<TrialPlaces>(), ct);
            if (trialsError is not null)
            {
                await Console.Error.WriteLineAsync("error: " + trialsError);
                return 2;
            }

            updated = updated with { Trials = trials! };
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
