using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Scheduling;

/// <summary>When and how hard sources are polled (configuration section <c>Polling</c>).</summary>
public sealed class PollingOptions : IValidatableObject
{
    public const string Section = "Polling";

    /// <summary>How often the scheduler looks for due sources. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Tick triggers, each firing every <see cref="TickInterval"/>, offset from one another. Each
    /// fire runs on whichever node acquires it, so several lanes spread ticks across a cluster
    /// (a single trigger tends to stay with the node that fired it last). Default 4.
    /// </summary>
    [Range(1, 32)]
    public int TickLanes { get; set; } = 4;

    /// <summary>Sources fetched at once by one process, however many ticks overlap. Default 16.</summary>
    [Range(1, 512)]
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Requests at once to one host (publishers such as NCBI limit clients). Default 2.</summary>
    [Range(1, 64)]
    public int PerHostConcurrency { get; set; } = 2;

    /// <summary>
    /// Polls that use the database at once within this process (recording a result, storing a
    /// page). Each is one connection and one PostgreSQL backend; about the database server's cores
    /// is enough. Default: this machine's processor count, at least 2.
    /// </summary>
    [Range(1, 512)]
    public int StoreConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Sources claimed per database round trip. Default 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Interval for a source with no interval of its own and no publishing history yet. Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan DefaultInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Shortest interval ever used, whatever a source or publisher says. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest interval for a healthy source. Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Longest wait after repeated failures (backoff doubles up to this). Default 24 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a claimed source stays reserved for its poller; must outlast a fetch. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinInterval > MaxInterval)
        {
            yield return new ValidationResult($"Polling:MinInterval ({MinInterval}) is longer than Polling:MaxInterval ({MaxInterval})", [nameof(MinInterval), nameof(MaxInterval)]);
        }

        if (DefaultInterval < MinInterval || DefaultInterval > MaxInterval)
        {
            yield return new ValidationResult($"Polling:DefaultInterval ({DefaultInterval}) is outside Polling:MinInterval..MaxInterval", [nameof(DefaultInterval)]);
        }
    }
}
