using ImmunoWatch.Benchmarks;

return args.FirstOrDefault() switch
{
    "tagging" or null => TaggingThroughput.Run(args.Skip(1).ToArray()),
    "parse" => ImmunoWatch.Benchmarks.ParseThroughput.Run(args.Skip(1).ToArray()),
    "digests" => ImmunoWatch.Benchmarks.Polling.DigestComposition.RunCommand(args.Skip(1).ToArray()),
    "poll" => ImmunoWatch.Benchmarks.Polling.PollBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ImmunoWatch.Benchmarks [tagging [--seconds N] [--gold FILE]] | poll [--feeds 200,1000] [--out FILE] [--newsboat false] [--subscribers 10000] [--keep] | parse DIRECTORY [--rounds N] | digests CONNECTION_STRING [--subscribers N]");
    return 2;
}
