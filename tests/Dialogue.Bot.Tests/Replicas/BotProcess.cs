using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// One real process of the bot (<c>dotnet Dialogue.Bot.dll --urls http://127.0.0.1:port</c>), configured through
/// environment variables, with its console output kept for diagnostics. <see cref="KillAsync"/> ends it at once
/// (SIGKILL), <see cref="StartAsync"/> starts it again on the same port and settings, so crash tests can reuse it.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public BotProcess(string name, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        Name = name;
        Port = port ?? FreePort();
        _environment = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public HttpClient Client { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool Running => _process is { HasExited: false };

    /// <summary>The built Dialogue.Bot.dll next to this test's build (same configuration).</summary>
    public static string BotAssembly
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testBin.Name;
            var configuration = testBin.Parent!.Name;
            var root = testBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Dialogue.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException("Dialogue.sln not found above " + AppContext.BaseDirectory);
            }

            var dll = Path.Combine(root.FullName, "bot", "Dialogue.Bot", "bin", configuration, framework, "Dialogue.Bot.dll");
            return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the bot first: {dll} is missing.");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the process and waits (bounded) until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        if (Running)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var dll = BotAssembly;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Name} was not ready in time:\n{Output}");
    }

    /// <summary>Ends the process at once (SIGKILL): no shutdown, no flushing, as a crash.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Bounded: a chatty process must not fill the test's memory.
            if (_output.Length < 1_000_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
