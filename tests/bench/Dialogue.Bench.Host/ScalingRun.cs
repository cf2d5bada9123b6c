namespace Dialogue.Bench.Host;

public static class ScalingRun
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(args.Length);
}
