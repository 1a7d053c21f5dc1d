namespace ImmunoWatch.IntegrationTests.Support;

/// <summary>Tests that load the machine (child processes, timing): run alone, not beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
