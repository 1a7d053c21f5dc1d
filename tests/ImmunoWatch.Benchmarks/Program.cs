using ImmunoWatch.Benchmarks;

return args.FirstOrDefault() switch
{
    "tagging" or null => TaggingThroughput.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ImmunoWatch.Benchmarks [tagging [--seconds N] [--gold FILE]]");
    return 2;
}
