using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Scheduling;

/// <summary>Quartz clustering settings (configuration section <c>Scheduler</c>).</summary>
public sealed class SchedulerOptions : IValidatableObject
{
    public const string Section = "Scheduler";

    /// <summary>How often a node tells the cluster it is alive. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Silence after which a node is presumed dead and its jobs recovered. Default 20 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How late a trigger may fire before it counts as misfired. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long an idle node waits before looking for triggers again; shorter lets nodes share
    /// ticks more evenly at the cost of more database queries. Default 5 s (Quartz's own: 30 s).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs one node runs at once. Default 4.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // An instance is declared dead once it misses check-ins for the threshold: it must span several.
        if (CheckinMisfireThreshold <= CheckinInterval)
        {
            yield return new ValidationResult($"Scheduler:CheckinMisfireThreshold ({CheckinMisfireThreshold}) must be longer than Scheduler:CheckinInterval ({CheckinInterval})", [nameof(CheckinMisfireThreshold)]);
        }
    }
}
