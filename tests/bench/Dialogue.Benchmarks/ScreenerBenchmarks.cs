using BenchmarkDotNet.Attributes;
using Dialogue.Safety.Screening;

namespace Dialogue.Benchmarks;

/// <summary>The distress screener on typical SMS texts: every message goes through it before anything answers.</summary>
[MemoryDiagnoser]
public class ScreenerBenchmarks
{
    private readonly LexiconScreener _screener = new();

    public static IEnumerable<string> Messages =>
    [
        "ja det gikk fint, har ringt tannlegen",                                   // harmless
        "orker ikke så mye i dag, er litt lei meg",                                // moderate
        "hei e d nav? har sprekt igjen, orker ikke mer",                          // high
        "har tatt alle pillene mine 💊",                                          // acute
        "Hei. Jeg skulle søke på to jobber denne uka men jeg har ikke fått det til fordi ungen har vært syk og " +
        "jeg har hatt mye å gjøre med flyttingen, kan vi ta det på møtet på fredag i stedet? Mvh Kari",      // long
    ];

    [ParamsSource(nameof(Messages))]
    public string Text { get; set; } = string.Empty;

    [Benchmark]
    public RiskLevel Screen() => _screener.Screen(Text).Level;
}
