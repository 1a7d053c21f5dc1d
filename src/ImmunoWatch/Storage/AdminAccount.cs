namespace ImmunoWatch.Storage;

/// <summary>A web-admin account: its role (admin changes things, viewer looks) and sign-in state.</summary>
public sealed record AdminAccount
{
    public long Id { get; init; }
    public string Email { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public string Role { get; init; } = AdminRoles.Admin;
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset? LastSignInAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

public static class AdminRoles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";
    public static readonly IReadOnlyList<string> All = [Admin, Viewer];
}
