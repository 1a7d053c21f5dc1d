using ImmunoWatch.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImmunoWatch.Web.Admin;

/// <summary>
/// Checks an admin's email and password with ASP.NET Core's password hasher, counting failures: at
/// <see cref="AdminOptions.LockoutThreshold"/> in a row the account locks for
/// <see cref="AdminOptions.LockoutDuration"/>, and a locked account is refused whatever the password.
/// An unknown address costs the same hashing work as a known one, and gets the same answer.
/// </summary>
public sealed class AdminSignIn(AdminStore admins, IPasswordHasher<AdminAccount> hasher, IOptions<AdminOptions> options, TimeProvider time)
{
    private static readonly AdminAccount Nobody = new() { Email = "nobody@invalid" };
    private readonly AdminOptions _options = options.Value;
    private string? _dummyHash;

    public async Task<(AdminAccount? Account, SignInRefusal? Refusal)> CheckAsync(string email, string password, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var account = await admins.FindAsync(email.Trim(), cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(Nobody, _dummyHash ??= hasher.HashPassword(Nobody, "not a password of anyone"), password);
            return (null, SignInRefusal.WrongCredentials);
        }

        if (account.LockedUntil is { } until && until > now)
        {
            return (null, SignInRefusal.LockedOut);
        }

        var verdict = hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await admins.RecordFailureAsync(account.Id, _options.LockoutThreshold, now + _options.LockoutDuration, cancellationToken);
            return (null, SignInRefusal.WrongCredentials);
        }

        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : null;
        await admins.RecordSuccessAsync(account.Id, now, rehashed, cancellationToken);
        return (account, null);
    }
}

public enum SignInRefusal
{
    WrongCredentials,
    LockedOut,
}
