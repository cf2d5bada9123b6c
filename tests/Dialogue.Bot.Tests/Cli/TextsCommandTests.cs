using System.Text.Json.Nodes;
using Dialogue.Bot.Cli;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Tests.Cli;

/// <summary>The <c>texts</c> command and the plain-language rules every catalog text must keep.</summary>
public sealed class TextsCommandTests
{
    public static TheoryData<string> Ids() => [.. TextCatalog.Bokmal.Entries.Select(e => e.Id.Value)];

    [Fact]
    public void Texts_prints_every_catalog_text_as_one_json_object_per_line()
    {
        var (exit, lines, _) = Run("texts", "--channel", "sms");

        Assert.Equal(0, exit);
        var ids = lines.Select(l => (string)JsonNode.Parse(l)!["id"]!).ToList();
        Assert.Equal(TextCatalog.Bokmal.Entries.Select(e => e.Id.Value), ids);
        Assert.All(lines, l => Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(l)!["text"])));
    }

    [Fact]
    public void Texts_fills_placeholders_with_sample_values()
    {
        var (_, lines, _) = Run("texts");

        var moved = lines.Select(l => JsonNode.Parse(l)!).Single(n => (string?)n["id"] == "checkin.moved");
        Assert.Equal("Ok. Ny dag for Ringe tannlegen er fredag 27. november.", (string?)moved["text"]);
    }

    [Theory]
    [InlineData("texts", "--channel", "fax")]
    [InlineData("texts", "--lang", "xx")]
    [InlineData("texts", "--bogus")]
    [InlineData("no-such-command")]
    public void Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var (exit, lines, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(lines);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_text_is_plain_short_and_fits_two_sms(string id)
    {
        var sms = CommandLine.RenderFor("sms", id);

        Assert.True(Gsm7.IsGsm7(sms), $"'{id}' is not pure GSM-7 as SMS: {sms}");
        Assert.True(sms.Length <= 306 && Gsm7.Segments(sms).Segments <= 2, $"'{id}' is longer than two SMS.");
        Assert.All(Readability.WordsPerSentence(sms), words => Assert.True(words <= 15, $"'{id}' has a sentence of {words} words."));
        Assert.True(Readability.QuestionCount(sms) <= 1, $"'{id}' asks more than one question.");
        Assert.True(Readability.Lix(sms) <= 35, $"'{id}' has LIX {Readability.Lix(sms):0} (max 35).");
    }

    [Fact]
    public void The_catalog_reads_easily_on_average()
    {
        var lix = TextCatalog.Bokmal.Entries.Select(e => Readability.Lix(TextCatalog.Bokmal.RenderSample(e.Id))).Average();

        Assert.True(lix <= 25, $"Average LIX is {lix:0.0} (max 25).");
    }

    private static (int Exit, List<string> Lines, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return (exit, lines, error.ToString());
    }
}
