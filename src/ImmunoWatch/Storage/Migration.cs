namespace ImmunoWatch.Storage;

/// <summary>One numbered SQL file from db/migrations.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Parsing.ItemKeys.Sha256(Sql.ReplaceLineEndings("\n"));
}
