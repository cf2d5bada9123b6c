using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Dialogue.Bot.Cli;
using Dialogue.Bot.Hosting;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Dialogue.Bot.Tests.Deployment;

/// <summary>
/// The deployment files agree with the app: replicas, probes on the health endpoints the app serves, the port the image
/// listens on, configuration keys the app reads, secrets by reference, a locked-down container, a PDB; the Dockerfile is
/// multi-stage, non-root, health-checked and copies only the publish output.
/// </summary>
public sealed partial class ManifestTests
{
    private static readonly string[] HealthPaths = ["/health/live", "/health/ready"];

    /// <summary>Keys a secret must carry (never a value in a manifest).</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConnectionStrings__Dialogue", "MicrosoftAppPassword", "DirectLine__Secret", "Twilio__AuthToken",
    };

    [Fact]
    public void The_dockerfile_is_multi_stage_non_root_health_checked_and_copies_only_the_publish_output()
    {
        var lines = DockerLines();
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(stages.Count >= 2, "one build stage and one runtime stage");
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", stages[^1], StringComparison.Ordinal);

        var runtime = lines.SkipWhile(l => l != stages[^1]).ToList();
        var user = Assert.Single(runtime, l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.True(int.TryParse(user, out _), "a numeric user, so Kubernetes can check runAsNonRoot");

        var copies = runtime.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)).ToList();
        Assert.All(copies, c => Assert.Matches(@"^COPY --from=build /app/publish\b", c));
        Assert.Single(copies);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"RUN dotnet publish .* -o /app/publish\b"));

        var health = Assert.Single(runtime, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains("\"healthcheck\"", health, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", health, StringComparison.Ordinal);
        Assert.Contains(runtime, l => l.StartsWith("ENTRYPOINT [\"dotnet\", \"Dialogue.Bot.dll\"]", StringComparison.Ordinal));
        Assert.Contains("ASPNETCORE_ENVIRONMENT=Production", string.Join(' ', runtime), StringComparison.Ordinal);
    }

    [Fact]
    public void The_image_port_is_the_port_every_manifest_uses()
    {
        var port = ImagePort();
        Assert.Equal(port, int.Parse(Assert.Single(DockerLines(), l => l.StartsWith("EXPOSE ", StringComparison.Ordinal))["EXPOSE ".Length..], System.Globalization.CultureInfo.InvariantCulture));

        var container = Container();
        var http = Assert.Single(container.Seq("ports"), p => p.Str("name") == "http");
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), http.Str("containerPort"));
        Assert.Equal("http", Manifests.Kubernetes().Kind("Service").Seq("spec", "ports").Single().Str("targetPort"));
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), Nais().Str("spec", "port"));
        Assert.Contains($"\"{port}:{port}\"", Manifests.Read("docker-compose.yml"), StringComparison.Ordinal);

        // The image's healthcheck command finds the same port from ASPNETCORE_URLS.
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/health/live"), HealthCheckCommand.DefaultUrl($"http://+:{port}", null));
    }

    [Fact]
    public void Probes_point_at_the_health_endpoints_and_replicas_are_at_least_two()
    {
        var deployment = Manifests.Kubernetes().Kind("Deployment");
        Assert.True(int.Parse(deployment.Str("spec", "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        var container = Container();
        Assert.Equal("/health/ready", container.Str("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", container.Str("livenessProbe", "httpGet", "path"));

        var nais = Nais();
        Assert.True(int.Parse(nais.Str("spec", "replicas", "min")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("/health/ready", nais.Str("spec", "readiness", "path"));
        Assert.Equal("/health/live", nais.Str("spec", "liveness", "path"));
    }

    [Fact]
    public async Task The_probed_paths_are_served_by_the_app()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        using var client = app.CreateClient();
        foreach (var path in HealthPaths)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public void The_container_is_locked_down_with_resources_and_a_writable_tmp_and_a_pdb_exists()
    {
        var pod = Manifests.Kubernetes().Kind("Deployment").Map("spec", "template", "spec");
        var container = Container();
        Assert.Equal("true", pod.Str("securityContext", "runAsNonRoot"));
        Assert.Equal("true", container.Str("securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("false", container.Str("securityContext", "allowPrivilegeEscalation"));
        Assert.Contains("ALL", container.Seq("securityContext", "capabilities", "drop").Select(n => ((YamlScalarNode)n).Value));

        var tmp = Assert.Single(container.Seq("volumeMounts"), m => m.Str("mountPath") == "/tmp").Str("name");
        Assert.NotNull(Assert.Single(pod.Seq("volumes"), v => v.Str("name") == tmp).Get("emptyDir"));

        Assert.NotNull(container.Str("resources", "requests", "cpu"));
        Assert.NotNull(container.Str("resources", "requests", "memory"));
        Assert.NotNull(Nais().Str("spec", "resources", "requests", "cpu"));
        Assert.NotNull(Nais().Str("spec", "resources", "requests", "memory"));

        var pdb = Manifests.Kubernetes().Kind("PodDisruptionBudget");
        Assert.Equal(
            Manifests.Kubernetes().Kind("Deployment").Str("spec", "selector", "matchLabels", "app.kubernetes.io/name"),
            pdb.Str("spec", "selector", "matchLabels", "app.kubernetes.io/name"));
        Assert.Equal("1", pdb.Str("spec", "minAvailable"));
    }

    [Fact]
    public void Secrets_are_referenced_never_inlined()
    {
        var env = Container().Seq("env");
        foreach (var key in SecretKeys)
        {
            var entry = Assert.Single(env, e => e.Str("name") == key);
            Assert.Null(entry.Get("value"));
            Assert.NotNull(entry.Str("valueFrom", "secretKeyRef", "name"));
        }

        var nais = Nais();
        Assert.Contains(nais.Seq("spec", "envFrom"), e => e.Str("secret") == "dialogue-secrets");
        Assert.DoesNotContain(nais.Seq("spec", "env"), e => SecretKeys.Contains(e.Str("name")!));
        Assert.DoesNotContain("environment:\n      ConnectionStrings", Manifests.Read("docker-compose.yml"), StringComparison.Ordinal);
        foreach (var (key, value) in DotEnvExample().Where(kv => SecretKeys.Contains(kv.Key) && kv.Key != "ConnectionStrings__Dialogue"))
        {
            Assert.True(value.Length == 0, $"{key} has a value in .env.example");
        }
    }

    [Fact]
    public void Compose_runs_postgres_16_with_a_healthcheck_and_the_bot_waits_for_it()
    {
        var compose = Manifests.Documents("docker-compose.yml").Single();
        var postgres = compose.Map("services", "postgres");
        Assert.Equal("postgres:16", postgres.Str("image"));
        Assert.NotEmpty(postgres.Seq("healthcheck", "test"));
        var bot = compose.Map("services", "bot");
        Assert.Equal("service_healthy", bot.Str("depends_on", "postgres", "condition"));
        Assert.Equal(".env", bot.Str("env_file"));
        Assert.Equal("Postgres", bot.Str("environment", "Database__Provider"));
        Assert.Equal("deployment/Dockerfile", bot.Str("build", "dockerfile"));
        Assert.Equal("true", bot.Str("read_only"));
    }

    [Fact]
    public async Task Every_configuration_key_the_manifests_set_is_read_by_the_app()
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        keys.UnionWith(Container().Seq("env").Select(e => e.Str("name")!));
        keys.UnionWith(Nais().Seq("spec", "env").Select(e => e.Str("name")!));
        keys.UnionWith(Manifests.Documents("docker-compose.yml").Single().Map("services", "bot", "environment").Children.Keys.Select(k => ((YamlScalarNode)k).Value!));
        keys.UnionWith(DotEnvExample().Select(kv => kv.Key).Where(k => !k.StartsWith("POSTGRES_", StringComparison.Ordinal)));
        // The secret's keys, named in the NAIS manifest's header.
        keys.UnionWith(NaisSecretKeys());
        Assert.Contains("ConnectionStrings__Dialogue", keys);

        // The host as Program.cs builds it, in Production, with the recorder added last (so it is asked first).
        var recorder = new RecordingConfigurationSource();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = db.Provider.ToString(),
            ["ConnectionStrings:Dialogue"] = db.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        ((IConfigurationBuilder)builder.Configuration).Add(recorder);
        builder.WebHost.UseTestServer();
        builder.AddDialogue();
        await using (var app = builder.Build())
        {
            app.MapDialogue();
            await app.PrepareDialogueAsync();
            await app.StartAsync();
            using (var client = app.GetTestClient())
            {
                using var ready = await client.GetAsync("/health/ready");
                Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
            }

            await app.StopAsync();
        }

        var unread = keys.Where(k => !recorder.Read.Contains(k.Replace("__", ":", StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList();
        Assert.True(unread.Count == 0, $"Set by a manifest but never read by the app: {string.Join(", ", unread)}");
        Assert.DoesNotContain("Twilio:NoSuchKey", recorder.Read); // the recorder only sees what is asked for
    }

    private static List<string> DockerLines()
    {
        // Continuation lines joined, comments dropped.
        var text = Regex.Replace(Manifests.Read("Dockerfile"), @"\\\r?\n\s*", " ");
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
    }

    private static int ImagePort()
    {
        var urls = DockerLines().Select(l => UrlsPattern().Match(l)).Single(m => m.Success);
        return int.Parse(urls.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static YamlMappingNode Container() =>
        (YamlMappingNode)Manifests.Kubernetes().Kind("Deployment").Seq("spec", "template", "spec", "containers").Single();

    private static YamlMappingNode Nais() => Manifests.Documents("nais", "app.yaml").Single();

    private static IEnumerable<string> NaisSecretKeys()
    {
        var header = string.Join(' ', Manifests.Read("nais", "app.yaml").Split('\n').TakeWhile(l => l.StartsWith('#')));
        var list = Regex.Match(header, @"with the keys (.+?); envFrom", RegexOptions.Singleline).Groups[1].Value;
        var keys = Regex.Matches(list, @"[A-Za-z]+(?:__[A-Za-z]+)?").Select(m => m.Value).Where(k => k != "and" && k != "keys").ToList();
        Assert.True(keys.Count >= 5, "the NAIS manifest names its secret's keys");
        return keys;
    }

    private static List<KeyValuePair<string, string>> DotEnvExample() =>
        Manifests.Read(".env.example").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=', StringComparison.Ordinal)], l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();

    [GeneratedRegex(@"ASPNETCORE_URLS=http://\+:(\d+)")]
    private static partial Regex UrlsPattern();

    /// <summary>A configuration source asked first for every key (it is added last) that answers nothing and remembers the question.</summary>
    private sealed class RecordingConfigurationSource : IConfigurationSource
    {
        public ConcurrentDictionary<string, byte> Questions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public IReadOnlySet<string> Read => Questions.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

        private sealed class Provider(RecordingConfigurationSource source) : ConfigurationProvider
        {
            public override bool TryGet(string key, out string? value)
            {
                source.Questions.TryAdd(key, 0);
                value = null;
                return false;
            }
        }
    }
}
