using BenchmarkDotNet.Attributes;
using Dialogue.Framework.Protocol;

namespace Dialogue.Benchmarks;

/// <summary>Activity JSON both ways: every turn reads one activity and stores it, and writes its replies.</summary>
[MemoryDiagnoser]
public class ActivityJsonBenchmarks
{
    private const string Incoming =
        """{"type":"message","id":"4","timestamp":"2026-12-06T12:41:58.7574546Z","channelId":"test","serviceUrl":"http://127.0.0.1:1","deliveryMode":"expectReplies","from":{"id":"user-1","name":"Kari"},"recipient":{"id":"bot"},"conversation":{"id":"c1"},"text":"ringe tannlegen","locale":"nb-NO","entities":[{"type":"ClientCapabilities","requiresBotState":true}]}""";

    private readonly Activity _activity = ActivityJson.Deserialize(Incoming)!;

    [Benchmark]
    public Activity? Deserialize() => ActivityJson.Deserialize(Incoming);

    [Benchmark]
    public string Serialize() => ActivityJson.Serialize(_activity);
}
