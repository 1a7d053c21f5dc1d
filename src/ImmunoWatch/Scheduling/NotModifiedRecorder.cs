using System.Collections.Concurrent;
using ImmunoWatch.Storage;

namespace ImmunoWatch.Scheduling;

/// <summary>
/// Records unchanged (304) polls in groups. A warm run is almost all 304s, and each alone would be
/// a database round trip that changes one row. Every poll queues its result and then waits for a
/// store slot (<see cref="StoreLimiter"/>); whoever gets a slot writes everything queued by then in
/// one statement, so the polls that finished while the slots were busy share one write. Nothing
/// waits on purpose (a poll holds its place among the concurrent polls until it returns): the groups
/// are as large as the database is slow. Each caller returns only once its own result is recorded,
/// or with the error of the write that carried it.
/// </summary>
public sealed class NotModifiedRecorder(FetchStateStore fetchState, StoreLimiter storeLimiter)
{
    private readonly ConcurrentQueue<Pending> _queued = new();

    /// <param name="source">The claim the poll ran under.</param>
    /// <param name="poll">The state the poll leaves.</param>
    /// <param name="cancellationToken">Also cancels the write of the group this caller takes; the others of that group then see the cancellation.</param>
    /// <exception cref="ClaimLostException">The claim lapsed and another poll holds the source; nothing was recorded.</exception>
    public async Task RecordAsync(ClaimedSource source, SuccessfulPoll poll, CancellationToken cancellationToken)
    {
        var mine = new Pending(new NotModifiedPoll(source, poll));
        _queued.Enqueue(mine);
        await storeLimiter.RunAsync(() => WriteQueuedAsync(mine, cancellationToken), cancellationToken);
        if (!await mine.Recorded.Task.WaitAsync(cancellationToken))
        {
            throw new ClaimLostException(source.Id);
        }
    }

    private async Task<int> WriteQueuedAsync(Pending mine, CancellationToken cancellationToken)
    {
        if (mine.Recorded.Task.IsCompleted)
        {
            return 0; // an earlier slot holder wrote it
        }

        var group = new List<Pending>();
        while (_queued.TryDequeue(out var next))
        {
            group.Add(next);
        }

        // Empty when the holder of the other slot took ours and is still writing it: its write completes it.
        if (group.Count == 0)
        {
            return 0;
        }

        try
        {
            var recorded = await fetchState.RecordNotModifiedAsync(group.Select(p => p.Poll).ToList(), cancellationToken);
            foreach (var pending in group)
            {
                pending.Recorded.TrySetResult(recorded.Contains(pending.Poll.Source.Id));
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Recorded.TrySetException(ex);
            }
        }

        return group.Count;
    }

    private sealed record Pending(NotModifiedPoll Poll)
    {
        public TaskCompletionSource<bool> Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
