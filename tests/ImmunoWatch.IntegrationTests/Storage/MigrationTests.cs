using Dapper;
using ImmunoWatch.IntegrationTests.Support;
using ImmunoWatch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ImmunoWatch.IntegrationTests.Storage;

public sealed class MigrationTests
{
    [PostgresFact]
    public async Task Concurrent_migrators_apply_each_migration_once_and_seed_once()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: false);
        var connectionString = scratch.ConnectionString;
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString };
        await using var a = TestServices.Create(settings);
        await using var b = TestServices.Create(settings);

        var results = await Task.WhenAll(
            a.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None),
            b.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None));

        Assert.Equal(DatabaseMigrator.Embedded.Count, results.Sum(r => r.Count));
        var again = await a.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        Assert.Empty(again);

        var sources = await a.GetRequiredService<SourceStore>().ListAsync(CancellationToken.None);
        Assert.Equal(15, sources.Count);
        Assert.Contains(sources, s => s.Name == "NCI News Releases" && s.RelevanceMode == "immunotherapy-only" && s.Kind == "news");
        Assert.All(sources, s => Assert.NotNull(s.NextPollAt));
    }

    [PostgresFact]
    public async Task Two_worker_processes_starting_at_once_on_a_new_database_migrate_it_once()
    {
        // Real processes, as two replicas of a deployment start: `migrate` in both at the same moment.
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: false);
        var connectionString = scratch.ConnectionString;
        var env = new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = connectionString };

        var runs = await Task.WhenAll(
            WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(120), "migrate"),
            WorkerProcess.RunAsync(env, TimeSpan.FromSeconds(120), "migrate"));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var applied = runs.Sum(r => r.Stdout.Split('\n').Count(line => line.StartsWith("applied ", StringComparison.Ordinal)));
        Assert.Equal(DatabaseMigrator.Embedded.Count, applied);
        await using var services = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = connectionString });
        Assert.Empty(await services.GetRequiredService<DatabaseMigrator>().PendingAsync(CancellationToken.None));
        Assert.Equal(15, (await services.GetRequiredService<SourceStore>().ListAsync(CancellationToken.None)).Count);
    }

    [PostgresFact]
    public async Task Admin_removals_of_default_sources_survive_a_restart()
    {
        await using var db = await Database.CreateAsync(keepDefaultSources: true);
        var store = db.Get<SourceStore>();
        var nci = (await store.ListAsync(CancellationToken.None)).First(s => s.Name == "NCI News Releases");
        await store.RemoveAsync(nci.Id, CancellationToken.None);

        await db.Get<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.DoesNotContain(await store.ListAsync(CancellationToken.None), s => s.Name == "NCI News Releases");
    }

    [PostgresFact]
    public async Task Item_summaries_are_compressed_with_lz4_where_the_server_has_it()
    {
        await using var db = await Database.CreateAsync();
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        bool serverHasLz4;
        try
        {
            await connection.ExecuteAsync("CREATE TEMPORARY TABLE lz4_probe (t text COMPRESSION lz4)");
            serverHasLz4 = true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.FeatureNotSupported)
        {
            serverHasLz4 = false;
        }

        var methods = (await connection.QueryAsync<string>(
            "SELECT attcompression::text FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname IN ('summary_html', 'summary_text')")).ToList();

        Assert.Equal(2, methods.Count);
        Assert.All(methods, method => Assert.Equal(serverHasLz4 ? "l" : "", method));
    }

    [PostgresFact]
    public async Task Tags_stored_before_0019_carry_over_onto_their_items()
    {
        // A database as the previous release left it: migrated to 0018, tags in item_tags.
        await using var scratch = await ScratchDatabase.CreateAsync(migrated: false);
        await using (var connection = new NpgsqlConnection(scratch.ConnectionString))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            foreach (var migration in DatabaseMigrator.Embedded.Where(m => m.Version <= 18))
            {
                await connection.ExecuteAsync(migration.Sql);
                await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, checksum) VALUES (@Version, @Name, @Checksum)", migration);
            }

            await connection.ExecuteAsync(
                """
                WITH s AS (INSERT INTO sources (url, name, relevance_mode) VALUES ('https://example.org/feed', 'journal', 'immunotherapy-only') RETURNING id),
                     i AS (INSERT INTO items (source_id, key_hash, item_key, guid, title, content_hash)
                           SELECT s.id, k.hash, k.key, k.key, 'title ' || k.key, 'h' FROM s, (VALUES ('\x01'::bytea, 'tagged'), ('\x02'::bytea, 'other'), ('\x03'::bytea, 'untagged')) AS k(hash, key)
                           RETURNING id, guid)
                INSERT INTO item_tags (item_id, tagger_version, immunotherapy, generic_cancer, sites, cancer_codes, modalities, nct_ids, phases, trial_status, is_trial)
                SELECT id, 3, guid = 'tagged', false, CASE guid WHEN 'tagged' THEN '{LUNG,SKIN}'::text[] ELSE '{}' END, '{LUAD}', '{checkpoint-inhibitor}', '{NCT01234567}', '{PHASE2}', 'RECRUITING', true
                FROM i WHERE guid <> 'untagged'
                """);
        }

        await using var services = TestServices.Create(new Dictionary<string, string?> { ["ConnectionStrings:ImmunoWatch"] = scratch.ConnectionString });
        var applied = await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);

        Assert.Contains(applied, m => m.Version == 19);
        await using var after = new NpgsqlConnection(scratch.ConnectionString);
        await after.OpenAsync();
        Assert.Equal(
            "3 t {LUNG,SKIN} {LUAD} {checkpoint-inhibitor} {NCT01234567} {PHASE2} RECRUITING t",
            await after.ExecuteScalarAsync<string>("SELECT concat_ws(' ', tagger_version, immunotherapy, sites, cancer_codes, modalities, nct_ids, phases, trial_status, is_trial) FROM items WHERE guid = 'tagged'"));
        Assert.Null(await after.ExecuteScalarAsync<int?>("SELECT tagger_version FROM items WHERE guid = 'untagged'"));
        Assert.Null(await after.ExecuteScalarAsync<string>("SELECT to_regclass('item_tags')::text"));
        // The digest view keeps its rule: tagged, and about immunotherapy on an immunotherapy-only source.
        Assert.Equal(["tagged"], (await after.QueryAsync<string>("SELECT guid FROM relevant_items")).ToList());
    }

    [Fact]
    public async Task Every_migration_file_is_embedded_in_order()
    {
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "db", "migrations"), "*.sql").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();
        var embedded = DatabaseMigrator.Embedded.Select(m => $"{m.Version:D4}_{m.Name}").ToList();
        Assert.Equal(files, embedded);
        await Task.CompletedTask;
    }
}
