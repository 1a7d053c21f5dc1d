using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Web.Admin;

/// <summary>Web admin sign-in (configuration section <c>Admin</c>).</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Failed sign-ins in a row that lock an account. Default 5.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked account stays locked. Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a sign-in lasts without activity. Default 8 hours.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Shortest password `admins add` accepts. Default 12.</summary>
    [Range(8, 128)]
    public int MinimumPasswordLength { get; set; } = 12;
}
