using ImmunoWatch.IntegrationTests.Support;

namespace ImmunoWatch.IntegrationTests.Scheduling;

/// <summary>Lowering `Polling:TickLanes` removes the extra tick triggers from the shared job store.</summary>
[Collection(SerialCollection.Name)]
public sealed class TickLaneTests
{
    private const string TickTriggers = "SELECT count(*) FROM qrtz_triggers WHERE trigger_group = 'polling' AND trigger_name LIKE 'poll-tick-%'";

    [PostgresFact]
    public async Task Lowering_the_lane_count_removes_the_extra_tick_triggers()
    {
        await using var db = await Database.CreateAsync();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString,
            ["Urls"] = "http://127.0.0.1:0",
            ["Polling__TickLanes"] = "4",
            ["Logging__LogLevel__Default"] = "Information",
        };

        using (var four = WorkerProcess.Start(environment, "run"))
        {
            Assert.True(await WaitForAsync(db, TickTriggers, 4), "four lanes never appeared:\n" + string.Join('\n', four.Output));
        }

        environment["Polling__TickLanes"] = "2";
        using var two = WorkerProcess.Start(environment, "run");
        Assert.True(await WaitForAsync(db, TickTriggers, 2), "lanes 2 and 3 were not removed:\n" + string.Join('\n', two.Output));
        Assert.Equal(2, await db.ScalarAsync<long>(TickTriggers + " AND trigger_name IN ('poll-tick-0', 'poll-tick-1')"));
        Assert.Contains(two.Output, line => line.Contains("Removed tick trigger poll-tick-3", StringComparison.Ordinal));
    }

    private static async Task<bool> WaitForAsync(Database db, string sql, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while (DateTime.UtcNow < deadline)
        {
            if (await db.ScalarAsync<long>(sql) == expected)
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
