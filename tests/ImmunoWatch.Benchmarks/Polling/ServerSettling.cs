using System.Diagnostics;
using Npgsql;

namespace ImmunoWatch.Benchmarks.Polling;

/// <summary>
/// Brings the benchmark's server to rest between measured runs: vacuums and analyses the database a
/// run just wrote, then checkpoints. Without it the server's own maintenance after a large write
/// (autovacuum of the fresh tables, a checkpoint) lands in whichever run comes next, often the
/// other build's, and its CPU is counted there.
/// </summary>
internal static class ServerSettling
{
    /// <returns>The server CPU the maintenance took and how long it ran.</returns>
    public static (double ServerCpuSeconds, double WallSeconds) Run(string connectionString, PostgresCpu postgres)
    {
        var cpuBefore = postgres.Seconds();
        var clock = Stopwatch.StartNew();
        using (var connection = new NpgsqlConnection(Unpooled(connectionString)))
        {
            connection.Open();
            using var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 };
            vacuum.ExecuteNonQuery();
            using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 0 };
            checkpoint.ExecuteNonQuery();
        }

        postgres.WaitForClientsToLeave();
        return (postgres.Seconds() - cpuBefore, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The rig's own connections close for good: an idle pooled one would keep a backend alive,
    /// and <see cref="PostgresCpu.WaitForClientsToLeave"/> would wait out its timeout after every run.
    /// </summary>
    public static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
