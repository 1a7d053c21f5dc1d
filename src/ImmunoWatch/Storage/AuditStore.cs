using System.Text.Json;
using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>The admin audit log (admin_audit).</summary>
public sealed class AuditStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task RecordAsync(string actor, string action, string target, object? before, object? after, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO admin_audit (actor, action, target, before, after) VALUES (@actor, @action, @target, @before::jsonb, @after::jsonb)",
            new
            {
                actor,
                action,
                target,
                before = before is null ? null : JsonSerializer.Serialize(before, Json),
                after = after is null ? null : JsonSerializer.Serialize(after, Json),
            }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AuditEntry>(new CommandDefinition(
            "SELECT id, at, actor, action, target, before::text AS before, after::text AS after FROM admin_audit ORDER BY id DESC LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
    }
}
