using BenchmarkDotNet.Running;

namespace Dialogue.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (BenchmarkDotNet's switcher: --filter, --job, …), or <c>--cpu-time</c>.</summary>
public static class BenchmarkProgram
{
    public static void Main(string[] args)
    {
        if (args.Contains("--cpu-time"))
        {
            CpuTimeProbe.Run(Console.Out);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
    }
}
