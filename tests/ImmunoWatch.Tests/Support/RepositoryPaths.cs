namespace ImmunoWatch.Tests.Support;

/// <summary>Where the repository and the shared corpus (../shared beside the checkout, absent in a user's clone) are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Under CI=true the shared data must be there: tests that need it run, and fail without it, instead of skipping.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shared corpus folder, or null when this checkout has no ../shared.</summary>
    public static string? SharedCorpus
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("IMMUNOWATCH_SHARED_DIR");
            var shared = fromEnv ?? Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            var corpus = Path.Combine(shared, "corpus");
            return Directory.Exists(corpus) ? corpus : null;
        }
    }

    /// <summary>The expert-labelled dev split, or null when this checkout has no ../shared.</summary>
    public static string? GoldFile => SharedFile("gold", "dev.jsonl");

    /// <summary>The Disease Ontology cancer slim (../shared/vocab), or null when this checkout has no ../shared.</summary>
    public static string? DiseaseOntologyFile => SharedFile("vocab", "DO_cancer_slim.obo");

    private static string? SharedFile(params string[] parts)
    {
        var shared = Environment.GetEnvironmentVariable("IMMUNOWATCH_SHARED_DIR") ?? Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        var file = Path.Combine([shared, .. parts]);
        return File.Exists(file) ? file : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImmunoWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImmunoWatch.sln not found above the test assembly");
    }
}
