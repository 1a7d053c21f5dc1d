using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>The admins table: accounts, and the failed sign-ins that lock one.</summary>
public sealed class AdminStore(NpgsqlDataSource dataSource)
{
    private const string Columns = "id, email, password_hash, role, failed_sign_ins, locked_until, last_sign_in_at, created_at";

    /// <exception cref="InvalidOperationException">An account with that address exists.</exception>
    public async Task<long> AddAsync(string email, string passwordHash, string role, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO admins (email, password_hash, role) VALUES (@email, @passwordHash, @role) RETURNING id",
                new { email, passwordHash, role }, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"an admin account for {email} exists already", ex);
        }
    }

    public async Task<AdminAccount?> FindAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AdminAccount>(new CommandDefinition(
            $"SELECT {Columns} FROM admins WHERE lower(email) = lower(@email)", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AdminAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AdminAccount>(new CommandDefinition($"SELECT {Columns} FROM admins ORDER BY id", cancellationToken: cancellationToken))).ToList();
    }

    public async Task<bool> RemoveAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM admins WHERE lower(email) = lower(@email)", new { email }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Counts a failed sign-in; at <paramref name="threshold"/> in a row the account locks until <paramref name="lockUntil"/>.</summary>
    public async Task RecordFailureAsync(long id, int threshold, DateTimeOffset lockUntil, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE admins SET failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @threshold THEN 0 ELSE failed_sign_ins + 1 END,
                              locked_until = CASE WHEN failed_sign_ins + 1 >= @threshold THEN @lockUntil ELSE locked_until END
            WHERE id = @id
            """, new { id, threshold, lockUntil }, cancellationToken: cancellationToken));
    }

    public async Task RecordSuccessAsync(long id, DateTimeOffset now, string? rehashed, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE admins SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = @now, password_hash = coalesce(@rehashed, password_hash) WHERE id = @id",
            new { id, now, rehashed }, cancellationToken: cancellationToken));
    }
}
