using System.CommandLine;
using ImmunoWatch.Storage;
using ImmunoWatch.Subscribers;
using ImmunoWatch.Web.Admin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmunoWatch.Worker.Cli;

/// <summary><c>immunowatch admins add EMAIL [--role admin|viewer]</c> (password on standard input), <c>admins list</c>, <c>admins remove EMAIL</c>.</summary>
internal static class AdminsCommand
{
    public static Command Create()
    {
        var command = new Command("admins", "Manage web-admin accounts (sign-in at /admin/login).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Remove());
        return command;
    }

    private static Command Add()
    {
        var email = new Argument<string>("email") { Description = "The admin's address (their sign-in name)." };
        var role = new Option<string>("--role") { Description = "admin (changes things, the default) or viewer (looks).", DefaultValueFactory = _ => AdminRoles.Admin };
        var command = new Command("add", "Add an account; the password is read from standard input (one line), never from an argument.") { email, role };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var address = result.GetValue(email)!.Trim();
            if (SubscriberValidator.EmailError(address) is { } bad)
            {
                await Console.Error.WriteLineAsync($"error: {bad}");
                return 2;
            }

            if (!AdminRoles.All.Contains(result.GetValue(role)))
            {
                await Console.Error.WriteLineAsync($"error: --role must be admin or viewer, not '{result.GetValue(role)}'");
                return 2;
            }

            var password = await Console.In.ReadLineAsync(ct);
            var options = services.GetRequiredService<IConfiguration>().GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
            if (AdminPasswords.Problem(password, options.MinimumPasswordLength) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem} (the password is read from standard input)");
                return 2;
            }

            try
            {
                var id = await services.GetRequiredService<AdminStore>().AddAsync(address, AdminPasswords.Hash(password!), result.GetValue(role)!, ct);
                Console.WriteLine($"added {result.GetValue(role)} {id}: {address}");
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List admin accounts (never their passwords).");
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            var all = await services.GetRequiredService<AdminStore>().ListAsync(ct);
            foreach (var a in all)
            {
                var locked = a.LockedUntil is { } until && until > DateTimeOffset.UtcNow ? $" locked until {until:yyyy-MM-dd HH:mm} UTC" : "";
                Console.WriteLine($"{a.Id,4}  {a.Role,-7} {a.Email}{locked}");
            }

            Console.WriteLine($"{all.Count} admin accounts");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var email = new Argument<string>("email") { Description = "The admin's address." };
        var command = new Command("remove", "Delete an admin account.") { email };
        command.SetAction((result, cancellationToken) => DatabaseCommand.RunAsync(async (services, ct) =>
        {
            if (!await services.GetRequiredService<AdminStore>().RemoveAsync(result.GetValue(email)!, ct))
            {
                await Console.Error.WriteLineAsync($"error: no admin account {result.GetValue(email)}");
                return 1;
            }

            Console.WriteLine($"removed {result.GetValue(email)}");
            return 0;
        }, cancellationToken));
        return command;
    }
}
