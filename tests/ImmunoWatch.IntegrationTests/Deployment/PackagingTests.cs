using System.Net;
using System.Reflection;
using ImmunoWatch.IntegrationTests.Support;
using YamlDotNet.RepresentationModel;

namespace ImmunoWatch.IntegrationTests.Deployment;

/// <summary>
/// The compose file and the Kubernetes manifests parse, and what they name is real: every setting
/// they pass is one the worker reads, the image and port are the Dockerfile's, and the probe paths
/// answer 200 on a running worker.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class PackagingTests
{
    private const string Image = "immunowatch:latest";
    private static readonly string Deploy = Path.Combine(RepositoryRoot.Path, "deploy");

    [Fact]
    public void Every_setting_the_manifests_pass_is_one_the_worker_reads()
    {
        var keys = Manifests().SelectMany(EnvironmentKeys).Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains("ConnectionStrings__ImmunoWatch", keys);
        Assert.Contains("Digests__TokenSecret", keys);
        Assert.All(keys, key => Assert.True(IsRead(key), $"{key} is not a setting ImmunoWatch reads"));
    }

    [Fact]
    public void Image_port_and_stop_grace_match_the_Dockerfile_and_the_worker()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile"));
        Assert.Contains("EXPOSE 8080", dockerfile, StringComparison.Ordinal);
        Assert.Contains("HEALTHCHECK", dockerfile, StringComparison.Ordinal);
        Assert.Contains("USER app", dockerfile, StringComparison.Ordinal);
        var compose = Load(Path.Combine(Deploy, "compose.yaml"));
        var services = (YamlMappingNode)compose["services"];
        Assert.Equal(Image, Scalar(Anchor(compose), "image"));
        Assert.Equal("60s", Scalar((YamlMappingNode)services["worker"], "stop_grace_period"));
        Assert.EndsWith(":8080", ((YamlSequenceNode)((YamlMappingNode)services["worker"])["ports"]).Children.Single().ToString(), StringComparison.Ordinal);

        var containers = KubernetesContainers().ToList();
        Assert.Equal(2, containers.Count); // the worker and the migration job
        Assert.All(containers, c => Assert.Equal(Image, Scalar(c, "image")));
        var worker = containers.Single(c => Scalar(c, "name") == "worker");
        Assert.Equal("8080", Scalar((YamlMappingNode)((YamlSequenceNode)worker["ports"]).Children.Single(), "containerPort"));
        var deployment = Load(Path.Combine(Deploy, "kubernetes", "deployment.yaml"));
        var podSpec = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
        Assert.True(int.Parse(Scalar(podSpec, "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture) > 45, "longer than the worker's 45 s graceful stop");
        Assert.True(int.Parse(Scalar((YamlMappingNode)deployment["spec"], "replicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
    }

    [PostgresFact]
    public async Task The_probe_paths_answer_on_a_running_worker()
    {
        var probes = KubernetesContainers()
            .Where(c => c.Children.ContainsKey("livenessProbe"))
            .SelectMany(c => new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Where(p => c.Children.ContainsKey(p)).Select(p => Scalar((YamlMappingNode)((YamlMappingNode)c[p])["httpGet"], "path")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("/health/ready", probes);
        await using var db = await Database.CreateAsync();
        var port = WorkerHttp.FreePort();
        using var worker = WorkerProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__ImmunoWatch"] = db.ConnectionString, ["Urls"] = $"http://127.0.0.1:{port}" }, "run");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        foreach (var path in probes)
        {
            var (status, _) = await WorkerHttp.WaitAsync(http, new Uri($"http://127.0.0.1:{port}{path}"), worker, (status, _) => status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status}");
        }

        // The image's HEALTHCHECK command, against the same worker.
        var check = await WorkerProcess.RunAsync(new Dictionary<string, string> { ["Urls"] = $"http://0.0.0.0:{port}" }, TimeSpan.FromSeconds(30), "health");
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    private static IEnumerable<YamlMappingNode> Manifests() =>
        new[] { Load(Path.Combine(Deploy, "compose.yaml")) }
            .Concat(Directory.EnumerateFiles(Path.Combine(Deploy, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal).Select(Load));

    private static IEnumerable<YamlMappingNode> KubernetesContainers() =>
        Directory.EnumerateFiles(Path.Combine(Deploy, "kubernetes"), "*.yaml")
            .Select(Load)
            .SelectMany(m => m.AllNodes)
            .OfType<YamlMappingNode>()
            .Where(m => m.Children.ContainsKey("image"));

    /// <summary>Keys of environment mappings (compose <c>environment</c>, ConfigMap/Secret <c>data</c> and <c>stringData</c>).</summary>
    private static IEnumerable<string> EnvironmentKeys(YamlMappingNode root) =>
        root.AllNodes.OfType<YamlMappingNode>()
            .SelectMany(m => m.Children.Where(kv => kv.Key.ToString() is "environment" or "data" or "stringData").Select(kv => kv.Value))
            .OfType<YamlMappingNode>()
            .SelectMany(m => m.Children.Keys.Select(k => k.ToString()))
            .Where(k => !k.StartsWith("POSTGRES_", StringComparison.Ordinal)); // the database image's own

    private static bool IsRead(string key)
    {
        if (key is "DOTNET_ENVIRONMENT" or "Urls" or "ConnectionStrings__ImmunoWatch" || key.StartsWith("Logging__", StringComparison.Ordinal))
        {
            return true;
        }

        var parts = key.Split("__");
        var options = typeof(ImmunoWatch.Digests.DigestOptions).Assembly.GetTypes()
            .FirstOrDefault(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string == parts[0]);
        return parts.Length == 2 && options?.GetProperty(parts[1], BindingFlags.Public | BindingFlags.Instance) is not null;
    }

    private static YamlMappingNode Anchor(YamlMappingNode compose) => (YamlMappingNode)compose["x-immunowatch"];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value ?? "";

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }
}
