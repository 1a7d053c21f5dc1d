namespace ImmunoWatch.Tagging;

/// <summary>Reads the tab-separated data files embedded from Tagging/Data (comments start with '#').</summary>
internal static class TaggingData
{
    public static IEnumerable<string[]> Rows(string file)
    {
        var assembly = typeof(TaggingData).Assembly;
        using var stream = assembly.GetManifestResourceStream("tagging/" + file)
            ?? throw new InvalidOperationException($"tagging data file {file} is not embedded");
        using var reader = new StreamReader(stream);
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            rows.Add(line.Split('\t'));
        }

        return rows;
    }
}
