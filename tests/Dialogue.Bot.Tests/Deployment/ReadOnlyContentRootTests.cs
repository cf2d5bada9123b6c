using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;

namespace Dialogue.Bot.Tests.Deployment;

/// <summary>
/// The built app, started as its own process the way the image starts it (Production, PostgreSQL, the app folder as
/// working directory and content root), serves a turn and its health checks without writing anything under its
/// content root — so a read-only root filesystem holds it.
/// </summary>
public sealed class ReadOnlyContentRootTests
{
    [Theory]
    [PostgresData]
    public async Task In_production_on_postgres_the_app_writes_nothing_under_its_content_root(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var work = Directory.CreateTempSubdirectory("dialogue-readonly-");
        try
        {
            var appDir = Path.Combine(work.FullName, "app");
            CopyDirectory(BuiltAppFolder(), appDir);
            var writable = Directory.CreateDirectory(Path.Combine(work.FullName, "tmp")).FullName;
            var before = Snapshot(appDir);
            var port = FreePort();
            var baseUrl = $"http://127.0.0.1:{port}";

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("Dialogue.Bot.dll");
            start.Environment["ASPNETCORE_URLS"] = baseUrl;
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__Dialogue"] = db.ConnectionString;
            start.Environment["HOME"] = writable;
            start.Environment["TMPDIR"] = writable;
            start.Environment["DOTNET_CLI_HOME"] = writable;
            var output = new StringBuilder();
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
                Assert.True(await ReadyAsync(client, process), $"the app did not become ready:\n{output}");

                var (status, body) = await PostTurnAsync(client);
                Assert.True(status == HttpStatusCode.OK, $"turn answered {status}: {body}\n{output}");
                Assert.Contains("\"activities\"", body, StringComparison.Ordinal);

                // The image's HEALTHCHECK: the same program's healthcheck command.
                var check = new ProcessStartInfo("dotnet") { WorkingDirectory = appDir, RedirectStandardOutput = true, RedirectStandardError = true };
                check.ArgumentList.Add("Dialogue.Bot.dll");
                check.ArgumentList.Add("healthcheck");
                check.Environment["ASPNETCORE_URLS"] = $"http://+:{port}";
                check.Environment["HOME"] = writable;
                using var probe = Process.Start(check)!;
                await probe.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.Equal(0, probe.ExitCode);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            var after = Snapshot(appDir);
            var changed = after.Where(f => !before.TryGetValue(f.Key, out var was) || was != f.Value).Select(f => f.Key)
                .Concat(before.Keys.Except(after.Keys)).ToList();
            Assert.True(changed.Count == 0, $"written under the content root: {string.Join(", ", changed)}");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient client, Process process)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static async Task<(HttpStatusCode, string)> PostTurnAsync(HttpClient client)
    {
        var activity = Activities.Message("readonly-1", "hei");
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/messages", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The Dialogue.Bot project's own build output (same configuration as this test assembly).</summary>
    private static string BuiltAppFolder()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name; // bin/<Configuration>/net10.0
        var folder = Path.Combine(Manifests.RepositoryRoot, "bot", "Dialogue.Bot", "bin", configuration, testBin.Name);
        Assert.True(File.Exists(Path.Combine(folder, "Dialogue.Bot.dll")), $"build Dialogue.Bot first ({folder})");
        return folder;
    }

    private static Dictionary<string, (long, DateTime)> Snapshot(string root) =>
        Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).ToDictionary(
            p => Path.GetRelativePath(root, p),
            p => File.Exists(p) ? (new FileInfo(p).Length, File.GetLastWriteTimeUtc(p)) : (-1L, Directory.GetLastWriteTimeUtc(p)),
            StringComparer.Ordinal);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
