using YamlDotNet.RepresentationModel;

namespace Dialogue.Bot.Tests.Deployment;

/// <summary>The files under deployment/, read as YAML documents (and the Dockerfile as lines).</summary>
public static class Manifests
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DeploymentFolder => Path.Combine(RepositoryRoot, "deployment");

    public static string Read(params string[] path) => File.ReadAllText(Path.Combine([DeploymentFolder, .. path]));

    /// <summary>Every YAML document in the file (a file may hold several, separated by ---).</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(params string[] path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Read(path));
        stream.Load(reader);
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    /// <summary>Every Kubernetes object in deployment/kubernetes/.</summary>
    public static IReadOnlyList<YamlMappingNode> Kubernetes() =>
        Directory.GetFiles(Path.Combine(DeploymentFolder, "kubernetes"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Documents("kubernetes", Path.GetFileName(f))).ToList();

    public static YamlMappingNode Kind(this IEnumerable<YamlMappingNode> objects, string kind) =>
        objects.Single(o => o.Str("kind") == kind);

    public static YamlNode? Get(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static string? Str(this YamlNode node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(this YamlNode node, params string[] path) =>
        node.Get(path) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"No mapping at {string.Join('.', path)}");

    public static IReadOnlyList<YamlNode> Seq(this YamlNode node, params string[] path) =>
        (node.Get(path) as YamlSequenceNode)?.Children.ToList() ?? [];

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dialogue.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (with Dialogue.sln) was not found.");
    }
}
