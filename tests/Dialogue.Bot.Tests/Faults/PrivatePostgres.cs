using System.Diagnostics;
using System.Globalization;
using Dialogue.Bot.Tests.Replicas;
using Dialogue.Bot.Tests.Support;
using Npgsql;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// A PostgreSQL cluster of the test's own (never the shared test server), so it can be stopped and restarted under
/// load: <c>initdb</c> in a temporary folder and <c>pg_ctl</c> on a free port, with the server binaries in
/// <c>/usr/lib/postgresql/*/bin</c>; run as the <c>postgres</c> user (<c>runuser</c>) when the tests run as root, as
/// <c>test.sh</c> does.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The newest installed server's bin folder, or null.</summary>
    public static string? BinFolder =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .LastOrDefault()
            : null;

    private static bool Root => Environment.UserName == "root";

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=50;Timeout=5";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = BinFolder ?? throw new InvalidOperationException("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql).");
        var folder = Directory.CreateTempSubdirectory("dialogue-faults-pg-").FullName;
        if (Root)
        {
            await RunAsync("chown", "postgres", folder);
        }

        var cluster = new PrivatePostgres(bin, folder, BotProcess.FreePort());
        await cluster.PgAsync("initdb", "-D", cluster.Data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartServerAsync();
        return cluster;
    }

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartServerAsync() =>
        PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off", "start");

    /// <summary>Stops the server at once (<c>-m fast</c>: open connections are ended, as in a failover).</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "-t", "60", "stop");

    /// <summary><c>pg_ctl restart -m fast</c>.</summary>
    public Task RestartServerAsync() =>
        PgAsync("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-m", "fast", "-w", "-t", "60",
            "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off", "restart");

    public async Task<T> QueryAsync<T>(string database, Func<NpgsqlConnection, Task<T>> query)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        return await query(connection);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Left for the OS to clean.
        }
    }

    private Task PgAsync(string tool, params string[] arguments) =>
        Root
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}

/// <summary>
/// A fact that needs <see cref="PrivatePostgres"/>: skipped with the reason outside CI when the server binaries are
/// missing; under CI=true it runs (and fails) so a missing PostgreSQL cannot pass unnoticed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute()
    {
        if (PrivatePostgres.BinFolder is null && !TestDatabase.RunningInCi)
        {
            Skip = "No PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql).";
        }
    }
}
