using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Identity;

namespace ImmunoWatch.Web.Admin;

/// <summary>Admin passwords as ASP.NET Core's password hasher keeps them (PBKDF2 with a per-password salt), and what a new one must be.</summary>
public static class AdminPasswords
{
    private static readonly PasswordHasher<AdminAccount> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(new AdminAccount(), password);

    /// <summary>Null when <paramref name="password"/> may be used; else why not.</summary>
    public static string? Problem(string? password, int minimumLength) =>
        string.IsNullOrEmpty(password) ? "the password is empty"
        : password.Length < minimumLength ? $"the password has {password.Length} characters; at least {minimumLength} are needed"
        : password.Any(char.IsControl) ? "the password contains control characters"
        : null;
}
