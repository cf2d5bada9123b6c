using System.Diagnostics;
using System.Globalization;

namespace Dialogue.Benchmarks;

/// <summary>
/// <c>--cpu-time</c>: the CPU time (not wall time) each benchmark takes per call, over many calls on this thread. On a
/// machine shared with other busy processes BenchmarkDotNet's wall-clock figures grow with the load; the CPU a call
/// uses does not, so this is the figure to compare against targets there. No allocation counts: use the benchmarks.
/// </summary>
public static class CpuTimeProbe
{
    public static void Run(TextWriter output)
    {
        var screener = new ScreenerBenchmarks();
        var recognizers = new RecognizerBenchmarks();
        var json = new ActivityJsonBenchmarks();
        var cases = new List<(string Name, Action Call)>();
        foreach (var text in ScreenerBenchmarks.Messages)
        {
            var bench = new ScreenerBenchmarks { Text = text };
            cases.Add(($"Screen \"{(text.Length > 40 ? text[..37] + "..." : text)}\" [{text.Length}]", () => bench.Screen()));
        }

        cases.Add(("YesNo", () => recognizers.YesNo()));
        cases.Add(("DateRelative", () => recognizers.DateRelative()));
        cases.Add(("DateAndTime", () => recognizers.DateAndTime()));
        cases.Add(("NumberWords", () => recognizers.NumberWords()));
        cases.Add(("CommandMiss", () => recognizers.CommandMiss()));
        cases.Add(("CommandHit", () => recognizers.CommandHit()));
        cases.Add(("Question", () => recognizers.Question()));
        cases.Add(("Activity Deserialize", () => json.Deserialize()));
        cases.Add(("Activity Serialize", () => json.Serialize()));
        _ = screener;

        // Warm up everything first, and give tiered compilation time to finish its optimized code off this thread.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, call) in cases)
            {
                for (var i = 0; i < 2_000; i++)
                {
                    call();
                }
            }

            Thread.Sleep(500);
        }

        output.WriteLine("| Benchmark | CPU µs per call |");
        output.WriteLine("|---|---:|");
        foreach (var (name, call) in cases)
        {
            const int calls = 20_000;
            var before = ThreadCpu();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            var perCall = (ThreadCpu() - before).TotalMicroseconds / calls;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perCall:F2} |"));
        }
    }

    // This thread's user + system time (Linux: the process's, which is the same here as nothing else runs).
    private static TimeSpan ThreadCpu() => Process.GetCurrentProcess().TotalProcessorTime;
}
