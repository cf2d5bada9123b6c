using System.Text.Json.Nodes;
using Dialogue.Bot.Cli;

namespace Dialogue.Bot.Tests.Cli;

/// <summary>The <c>classify</c> command: one JSON line per input line, same order, each screened alone.</summary>
public sealed class ClassifyCommandTests
{
    [Fact]
    public void Classify_prints_level_and_signals_per_line_in_order()
    {
        var (exit, lines, error) = Run("har tatt alle pillene mine 💊\nhar sprukket igjen, ute å kjøre hele helga\nføler meg ensom\nhei\n");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal(4, lines.Count);
        var nodes = lines.Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["har tatt alle pillene mine 💊", "har sprukket igjen, ute å kjøre hele helga", "føler meg ensom", "hei"],
            nodes.Select(n => (string?)n["text"]));
        Assert.Equal(["acute", "high", "moderate", "none"], nodes.Select(n => (string?)n["level"]));
        var signals = nodes[0]["signals"]!.AsArray().Select(s => (string?)s).ToList();
        Assert.Contains("overdose.taken: tatt alle pillene", signals);
        Assert.Contains("emoji.pills: 💊", signals);
        Assert.Empty(nodes[3]["signals"]!.AsArray());
    }

    [Fact]
    public void Classify_keeps_letters_and_emoji_unescaped()
    {
        var (_, lines, _) = Run("kutter meg nå 😭😭\n");

        var line = Assert.Single(lines);
        Assert.StartsWith("{\"text\": \"kutter meg nå 😭😭\", \"level\": \"acute\", \"signals\": [", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sier \"hei\" \\ tab\tslutt", "sier \"hei\" \\ tab\tslutt")]
    [InlineData("kontroll\u0001tegn", "kontroll\u0001tegn")]
    public void Quotes_backslashes_and_control_characters_stay_valid_json(string text, string expected)
    {
        var line = ClassifyCommand.ToJson(text, Dialogue.Safety.Screening.RiskAssessment.None);

        Assert.Equal(expected, (string?)JsonNode.Parse(line)!["text"]);
    }

    [Fact]
    public void Half_a_surrogate_pair_becomes_a_replacement_character()
    {
        var line = ClassifyCommand.ToJson("halv " + (char)0xD83D + " her", Dialogue.Safety.Screening.RiskAssessment.None);

        Assert.Equal("halv \uFFFD her", (string?)JsonNode.Parse(line)!["text"]);
    }

    [Fact]
    public void Each_line_is_screened_alone()
    {
        var (_, lines, _) = Run("føler meg ensom\nsover så dårlig for tida\ner så stressa og lei meg\n");

        Assert.All(lines, l => Assert.Equal("moderate", (string?)JsonNode.Parse(l)!["level"]));
    }

    [Fact]
    public void An_empty_line_is_none()
    {
        var (exit, lines, _) = Run("\nvil ikke leve mer\n\n");

        Assert.Equal(0, exit);
        Assert.Equal(3, lines.Count);
        var empty = JsonNode.Parse(lines[0])!;
        Assert.Equal("", (string?)empty["text"]);
        Assert.Equal("none", (string?)empty["level"]);
        Assert.Empty(empty["signals"]!.AsArray());
        Assert.Equal("acute", (string?)JsonNode.Parse(lines[1])!["level"]);
        Assert.Equal("none", (string?)JsonNode.Parse(lines[2])!["level"]);
    }

    [Fact]
    public void No_input_prints_nothing()
    {
        var (exit, lines, _) = Run("");

        Assert.Equal(0, exit);
        Assert.Empty(lines);
    }

    [Fact]
    public void Unexpected_arguments_exit_2_with_a_message()
    {
        var (exit, lines, error) = Run("hei\n", "--bogus");

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.Contains("classify", error, StringComparison.Ordinal);
    }

    private static (int Exit, List<string> Lines, string Error) Run(string input, params string[] extra)
    {
        using var reader = new StringReader(input);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(["classify", .. extra], reader, output, error, CancellationToken.None);
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        return (exit, lines, error.ToString());
    }
}
