using BenchmarkDotNet.Attributes;
using Dialogue.Language;

namespace Dialogue.Benchmarks;

/// <summary>The Norwegian recognizers the prompts and global commands use on every answer.</summary>
[MemoryDiagnoser]
public class RecognizerBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    [Benchmark]
    public bool? YesNo() => YesNoRecognizer.Recognize("ja det har jeg");

    [Benchmark]
    public DateTimeResolution? DateRelative() => DateTimeRecognizer.Recognize("på fredag", Now, DateTimeRecognizer.Oslo);

    [Benchmark]
    public DateTimeResolution? DateAndTime() => DateTimeRecognizer.Recognize("i morgen kl halv ti", Now, DateTimeRecognizer.Oslo);

    [Benchmark]
    public int? NumberWords() => NumberRecognizer.Recognize("tjueen");

    [Benchmark]
    public GlobalCommand? CommandMiss() => CommandRecognizer.Recognize("ringe tannlegen i morgen");

    [Benchmark]
    public GlobalCommand? CommandHit() => CommandRecognizer.Recognize("kan jeg få snakke med veilederen min?");

    [Benchmark]
    public QuestionMatch? Question() => QuestionRecognizer.Recognize("når er møtet mitt?");
}
