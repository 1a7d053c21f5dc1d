namespace ImmunoWatch.IntegrationTests.Support;

internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ImmunoWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ImmunoWatch.sln not found above the test assembly");
    }
}
