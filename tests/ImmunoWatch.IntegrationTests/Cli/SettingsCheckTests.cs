using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Cli;

/// <summary>
/// Start-up refuses settings that are unsafe or contradict each other, with a line naming each,
/// before any work: the real executable, as an operator starts it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class SettingsCheckTests
{
    private static readonly Dictionary<string, string> Placeholders = new()
    {
        ["Digests__TokenSecret"] = "change-me-change-me-change-me-change-me",
        ["Digests__PublicBaseUrl"] = "http://127.0.0.1:8080",
        ["Smtp__FromAddress"] = "digests@immunowatch.invalid",
    };

    [PostgresTheory]
    [InlineData("run")]
    [InlineData("feeds")]
    public async Task Production_refuses_the_shipped_placeholders_and_names_each(string command)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var database = scratch.ConnectionString;
        var env = new Dictionary<string, string>(Placeholders) { ["ConnectionStrings__ImmunoWatch"] = database, ["DOTNET_ENVIRONMENT"] = "Production" };

        var (exit, _, stderr) = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), command == "feeds" ? ["feeds", "list"] : [command]);

        Assert.Equal(2, exit);
        Assert.Contains("Digests:TokenSecret is the shipped placeholder", stderr, StringComparison.Ordinal);
        Assert.Contains("Digests:PublicBaseUrl 'http://127.0.0.1:8080' is a loopback address", stderr, StringComparison.Ordinal);
        Assert.Contains("Smtp:FromAddress 'digests@immunowatch.invalid' is in the reserved .invalid domain", stderr, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Development_accepts_them_and_production_accepts_real_values()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var database = scratch.ConnectionString;
        var development = new Dictionary<string, string>(Placeholders) { ["ConnectionStrings__ImmunoWatch"] = database, ["DOTNET_ENVIRONMENT"] = "Development" };
        var production = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = database,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Digests__TokenSecret"] = "u7Qm2x9LkPz4Rt8VbN1cW6yJ3hF5dS0aGeXiOqTl",
            ["Digests__PublicBaseUrl"] = "https://alerts.hospital.example",
            ["Smtp__FromAddress"] = "alerts@hospital.example",
        };

        var accepted = await WorkerProcess.RunAsync(development, TimeSpan.FromSeconds(60), "feeds", "list");
        var real = await WorkerProcess.RunAsync(production, TimeSpan.FromSeconds(60), "feeds", "list");

        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.True(real.ExitCode == 0, real.Stderr);
    }

    [PostgresTheory]
    [InlineData("Fetching__ConnectTimeout", "00:00:20", "Fetching__TotalTimeout", "00:00:10", "Fetching:TotalTimeout (00:00:10) must be at least Fetching:ConnectTimeout (00:00:20)")]
    [InlineData("Scheduler__CheckinInterval", "00:00:30", "Scheduler__CheckinMisfireThreshold", "00:00:20", "Scheduler:CheckinMisfireThreshold (00:00:20) must be longer than Scheduler:CheckinInterval (00:00:30)")]
    public async Task Settings_that_contradict_each_other_stop_start_up(string key, string value, string otherKey, string otherValue, string message)
    {
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: true);
        var database = scratch.ConnectionString;
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = database, [key] = value, [otherKey] = otherValue };

        var (exit, _, stderr) = await WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(60), "run");

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
