using System.ComponentModel.DataAnnotations;

namespace ImmunoWatch.Storage;

/// <summary>Where the database is (<c>ConnectionStrings:ImmunoWatch</c>, or <c>ConnectionStrings__ImmunoWatch</c> in the environment).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ConnectionStrings";

    public const string ConnectionStringName = "ImmunoWatch";

    /// <summary>An Npgsql connection string. No default: the worker refuses to start without one.</summary>
    [Required(ErrorMessage = "ConnectionStrings:ImmunoWatch is not set (environment: ConnectionStrings__ImmunoWatch=\"Host=...;Database=...;Username=...\")")]
    public string ConnectionString { get; set; } = "";
}
