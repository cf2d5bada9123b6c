using System.Globalization;
using System.Text;
using Dialogue.Safety.Screening;
using Xunit.Abstractions;

namespace Dialogue.Safety.Tests;

/// <summary>
/// Measures the screener on labelled messages: the independent test corpus (<c>Corpus/messages.tsv</c>) and the
/// development examples from the field research (<c>../shared/research/distress-dev-examples.tsv</c> beside the repo).
/// Writes recall and precision per level and a confusion matrix, and holds the safety thresholds: every acute message
/// found, at least 95 % of acute and high messages found as high or acute, at most 3 % of ordinary messages raised to
/// high or acute.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private const double MinimumUrgentRecall = 0.95;
    private const double MaximumNoneRaised = 0.03;
    private static readonly LexiconScreener Screener = new();

    [Fact]
    public void The_test_corpus_meets_the_safety_thresholds()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", "messages.tsv");
        var messages = Load(path);

        Assert.True(messages.Count >= 400, $"The corpus has {messages.Count} messages; at least 400 are needed.");
        Assert.All(Enum.GetValues<RiskLevel>(), level => Assert.Contains(messages, m => m.Expected == level));
        AssertThresholds("Corpus/messages.tsv", messages);
    }

    [Fact]
    public void The_development_examples_meet_the_safety_thresholds()
    {
        var path = DevelopmentExamplesPath();
        if (!File.Exists(path))
        {
            var message = $"The development examples are missing at {path}.";
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), message);
            output.WriteLine(message + " Skipped outside CI.");
            return;
        }

        AssertThresholds("distress-dev-examples.tsv", Load(path));
    }

    private void AssertThresholds(string name, List<Labelled> messages)
    {
        var results = messages.Select(m => (m.Expected, m.Text, Actual: Screener.Screen(m.Text))).ToList();
        var matrix = new int[4, 4];
        foreach (var (expected, _, actual) in results)
        {
            matrix[(int)expected, (int)actual.Level]++;
        }

        Report(name, matrix);

        var missedAcute = results.Where(r => r.Expected == RiskLevel.Acute && r.Actual.Level != RiskLevel.Acute).ToList();
        Assert.True(missedAcute.Count == 0, $"{name}: {missedAcute.Count} acute messages not found as acute:\n" +
            string.Join('\n', missedAcute.Select(r => $"  [{r.Actual.Level}] {r.Text}  ({Describe(r.Actual)})")));

        var urgent = results.Where(r => r.Expected >= RiskLevel.High).ToList();
        var urgentFound = urgent.Count(r => r.Actual.Level >= RiskLevel.High);
        var urgentRecall = (double)urgentFound / urgent.Count;
        Assert.True(urgentRecall >= MinimumUrgentRecall, $"{name}: acute+high recall {urgentRecall:P1} is below {MinimumUrgentRecall:P0}. Missed:\n" +
            string.Join('\n', urgent.Where(r => r.Actual.Level < RiskLevel.High).Select(r => $"  [{r.Expected}→{r.Actual.Level}] {r.Text}")));

        var none = results.Where(r => r.Expected == RiskLevel.None).ToList();
        var raised = none.Where(r => r.Actual.Level >= RiskLevel.High).ToList();
        var raisedShare = none.Count == 0 ? 0 : (double)raised.Count / none.Count;
        Assert.True(raisedShare <= MaximumNoneRaised, $"{name}: {raisedShare:P1} of ordinary messages raised to high or acute (max {MaximumNoneRaised:P0}):\n" +
            string.Join('\n', raised.Select(r => $"  [{r.Actual.Level}] {r.Text}  ({Describe(r.Actual)})")));
    }

    private void Report(string name, int[,] matrix)
    {
        var levels = Enum.GetValues<RiskLevel>();
        var text = new StringBuilder();
        var total = levels.Sum(e => levels.Sum(a => matrix[(int)e, (int)a]));
        text.AppendLine(CultureInfo.InvariantCulture, $"{name}: {total} messages");
        text.AppendLine("level       count   recall  precision");
        foreach (var level in levels)
        {
            var row = levels.Sum(a => matrix[(int)level, (int)a]);
            var column = levels.Sum(e => matrix[(int)e, (int)level]);
            var hit = matrix[(int)level, (int)level];
            text.AppendLine(CultureInfo.InvariantCulture, $"{Name(level),-10} {row,6} {Percent(hit, row),8} {Percent(hit, column),10}");
        }

        text.AppendLine();
        text.AppendLine("confusion (rows: label, columns: screener)");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"",-10}{string.Concat(levels.Select(l => $"{Name(l),10}"))}");
        foreach (var expected in levels)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{Name(expected),-10}{string.Concat(levels.Select(a => $"{matrix[(int)expected, (int)a],10}"))}");
        }

        output.WriteLine(text.ToString());
    }

    private static string Name(RiskLevel level) => level.ToString().ToLowerInvariant();

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : ((double)part / whole).ToString("P1", CultureInfo.InvariantCulture);

    private static string Describe(RiskAssessment assessment) =>
        string.Join("; ", assessment.Signals.Select(s => $"{s.Id}={Name(s.Level)}: {s.Evidence}"));

    /// <summary><c>level&lt;TAB&gt;text</c> lines; <c>#</c> starts a comment, blank lines are skipped.</summary>
    private static List<Labelled> Load(string path)
    {
        var messages = new List<Labelled>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            Assert.True(tab > 0, $"{path}:{number} has no tab between level and text.");
            Assert.True(Enum.TryParse<RiskLevel>(line[..tab], ignoreCase: true, out var level), $"{path}:{number} has an unknown level '{line[..tab]}'.");
            messages.Add(new Labelled(level, line[(tab + 1)..]));
        }

        return messages;
    }

    /// <summary>The shared research folder beside the repository root (the folder with Dialogue.sln).</summary>
    private static string DevelopmentExamplesPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Dialogue.sln")))
            {
                return Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "research", "distress-dev-examples.tsv"));
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "..", "shared", "research", "distress-dev-examples.tsv");
    }

    private sealed record Labelled(RiskLevel Expected, string Text);
}
