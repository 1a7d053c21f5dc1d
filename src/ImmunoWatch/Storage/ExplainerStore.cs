using Dapper;
using Npgsql;

namespace ImmunoWatch.Storage;

/// <summary>
/// The explainer: editable, versioned content (newest version per audience wins), seeded once from
/// db/seed/explainer-*.md and db/seed/explainer-pointers.tsv; admins' later versions win.
/// </summary>
public sealed class ExplainerStore(NpgsqlDataSource dataSource)
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var audience in new[] { "advocate", "clinician" })
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO explainer_versions (audience, version, body)
                SELECT @audience, 1, @body WHERE NOT EXISTS (SELECT 1 FROM explainer_versions WHERE audience = @audience)
                """, new { audience, body = Seed($"explainer-{audience}.md") }, cancellationToken: cancellationToken));
        }

        foreach (var line in Seed("explainer-pointers.tsv").Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || line.Split('\t') is not [var site, var pointer])
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO explainer_pointers (site, pointer) VALUES (@site, @pointer) ON CONFLICT (site) DO NOTHING",
                new { site, pointer = pointer.Trim() }, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Adds a new version for an audience (an admin's edit); returns its number.</summary>
    public async Task<int> PublishAsync(string audience, string body, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            """
            INSERT INTO explainer_versions (audience, version, body)
            SELECT @audience, coalesce(max(version), 0) + 1, @body FROM explainer_versions WHERE audience = @audience
            RETURNING version
            """, new { audience, body }, cancellationToken: cancellationToken));
    }

    public async Task<string> CurrentAsync(string audience, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT body FROM explainer_versions WHERE audience = @audience ORDER BY version DESC LIMIT 1",
            new { audience }, cancellationToken: cancellationToken)) ?? "";
    }

    /// <summary>Every version of an audience's explainer, newest first.</summary>
    public async Task<IReadOnlyList<(int Version, DateTimeOffset CreatedAt, string Body)>> VersionsAsync(string audience, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(int Version, DateTimeOffset CreatedAt, string Body)>(new CommandDefinition(
            "SELECT version, created_at, body FROM explainer_versions WHERE audience = @audience ORDER BY version DESC",
            new { audience }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Sets (or, with an empty text, removes) the one-line pointer digests show under a tissue's section ("*" for the rest).</summary>
    public async Task SetPointerAsync(string site, string? pointer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            string.IsNullOrWhiteSpace(pointer)
                ? "DELETE FROM explainer_pointers WHERE site = @site"
                : "INSERT INTO explainer_pointers (site, pointer) VALUES (@site, @pointer) ON CONFLICT (site) DO UPDATE SET pointer = excluded.pointer",
            new { site, pointer = pointer?.Trim() }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyDictionary<string, string>> PointersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Site, string Pointer)>(new CommandDefinition("SELECT site, pointer FROM explainer_pointers", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Site, r => r.Pointer, StringComparer.Ordinal);
    }

    private static string Seed(string file)
    {
        using var stream = typeof(ExplainerStore).Assembly.GetManifestResourceStream("seed/" + file)
            ?? throw new InvalidOperationException($"seed file {file} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
