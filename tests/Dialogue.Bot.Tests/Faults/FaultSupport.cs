using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Cases.Health;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// How big the fault tests are. <c>FAULTS_SCALE</c> (default 1) multiplies the load (messages, conversations, outage
/// length) for the longer run: <c>FAULTS_SCALE=10 dotnet test tests/Dialogue.Bot.Tests -c Release --filter Category=Faults</c>.
/// </summary>
public static class FaultScale
{
    public const string Variable = "FAULTS_SCALE";

    public static int Factor { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;

    public static int Times(int count) => count * Factor;

    /// <summary>How long the waits for catching up may last: longer with a larger scale.</summary>
    public static TimeSpan Patience => TimeSpan.FromSeconds(60 + (20 * Factor));

    /// <summary>Polls <paramref name="condition"/> until it holds (bounded by <see cref="Patience"/>); the last result.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? within = null, Action? eachRound = null)
    {
        var until = DateTime.UtcNow + (within ?? Patience);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            eachRound?.Invoke();
            await Task.Delay(100);
        }

        return await condition();
    }
}

/// <summary>/health/ready as a test reads it: the status code, the overall status and one dependency's entry.</summary>
public sealed record ReadyReport(HttpStatusCode Code, string? Status, JsonNode? Dependencies, JsonNode? Database)
{
    public static async Task<ReadyReport> GetAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length > 0 ? JsonNode.Parse(body) : null;
        return new ReadyReport(response.StatusCode, (string?)json?["status"], json?["checks"]?["dependencies"], json?["checks"]?["database"]);
    }

    /// <summary>The state /health/ready gives a dependency (<c>Ok</c>, <c>Degraded</c>, <c>Unknown</c>).</summary>
    public string? StateOf(string dependency) => (string?)Dependencies?["data"]?[dependency]?["state"];

    public string? ErrorKindOf(string dependency) => (string?)Dependencies?["data"]?[dependency]?["lastErrorKind"];
}

/// <summary>Listens to one host's <c>Dialogue.Dependencies</c> meter: failures summed by tags, the last state gauge reading.</summary>
public sealed class DependencyMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _states = new(StringComparer.Ordinal);

    public DependencyMeter(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _ = services.GetRequiredService<DependencyMonitor>(); // the meter exists before the listener starts
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Dialogue.Dependencies" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == DependencyMonitor.FailuresName)
            {
                var key = string.Join('|', tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value));
                _failures.AddOrUpdate(key, value, (_, old) => old + value);
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) =>
        {
            if (instrument.Name == DependencyMonitor.StateGaugeName)
            {
                foreach (var tag in tags)
                {
                    _states[(string)tag.Value!] = value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Failures counted for <paramref name="dependency"/> with <paramref name="kind"/>.</summary>
    public long Failures(string dependency, string kind) => _failures.GetValueOrDefault($"{dependency}|{kind}");

    /// <summary>Reads the state gauge now: 1 degraded, 0 ok, null not reported.</summary>
    public int? State(string dependency)
    {
        _states.Clear();
        _listener.RecordObservableInstruments();
        return _states.TryGetValue(dependency, out var state) ? state : null;
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>
/// Where a crash or fault test reports its counts: the test's output (shown with
/// <c>--logger "console;verbosity=detailed"</c>) and, when <c>DIALOGUE_TEST_COUNTS</c> names a folder (test.sh sets it
/// and prints what is there after the run, so CI logs show the counts), a line in <c>{folder}/{area}.txt</c>.
/// </summary>
public static class TestCounts
{
    public const string Variable = "DIALOGUE_TEST_COUNTS";
    private static readonly Lock Gate = new();

    public static void Report(ITestOutputHelper output, string area, string line)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder && Directory.Exists(folder))
        {
            lock (Gate)
            {
                File.AppendAllText(Path.Combine(folder, area + ".txt"), line + Environment.NewLine);
            }
        }
    }
}
