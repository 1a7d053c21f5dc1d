using System.Diagnostics;

namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>Counts the commands Npgsql sends for one piece of work: each is one round trip (BEGIN travels with the first; COMMIT adds one).</summary>
internal static class NpgsqlCommands
{
    /// <summary>
    /// Commands sent on behalf of <paramref name="action"/>: only those under its own activity, so
    /// tests running at the same time in the same process do not count.
    /// </summary>
    public static async Task<int> CountAsync(Func<Task> action)
    {
        using var source = new ActivitySource("ImmunoWatch.Tests.Commands");
        var commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Npgsql" || s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.Parent?.Source == source)
                {
                    Interlocked.Increment(ref commands);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using (source.StartActivity("counted"))
        {
            await action();
        }

        return commands;
    }
}
