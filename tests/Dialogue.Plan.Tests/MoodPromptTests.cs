using System.Text.Json;
using Dialogue.Framework.Prompts;
using Dialogue.Plan.Conversations;
using Dialogue.Tests.Shared;

namespace Dialogue.Plan.Tests;

/// <summary>Dagsform answered with a number 1–5 or a word, as people write it.</summary>
public sealed class MoodPromptTests
{
    [Theory]
    [InlineData("1", 1, null)]
    [InlineData("5", 5, null)]
    [InlineData("fem", 5, null)]
    [InlineData("tre", 3, null)]
    [InlineData("jeg vil si 4", 4, null)]
    [InlineData("bra", 4, "bra")]
    [InlineData("Bra!", 4, "Bra!")]
    [InlineData("ganske bra", 4, "ganske bra")]
    [InlineData("ikke bra", 2, "ikke bra")]
    [InlineData("ikkje bra", 2, "ikkje bra")]
    [InlineData("itj bra", 2, "itj bra")]
    [InlineData("veldig bra", 5, "veldig bra")]
    [InlineData("kjempebra", 5, "kjempebra")]
    [InlineData("sånn passe", 3, "sånn passe")]
    [InlineData("sann passe", 3, "sann passe")]
    [InlineData("ok", 3, "ok")]
    [InlineData("helt ok", 3, "helt ok")]
    [InlineData("dårlig", 2, "dårlig")]
    [InlineData("darlig", 2, "darlig")]
    [InlineData("veldig dårlig", 1, "veldig dårlig")]
    [InlineData("elendig", 1, "elendig")]
    [InlineData("helt jævlig i dag", 1, "helt jævlig i dag")]
    public async Task Numbers_and_words_give_a_score_and_keep_the_persons_own_words(string input, int score, string? word)
    {
        var c = new TestConversation(ProbeBot.Create(new MoodPrompt("mood"), new PromptOptions { Prompt = "test.question" }));
        await c.SayAsync("hei");

        await c.SayAsync(input);

        var answer = c.Answer()!.Deserialize<MoodAnswer>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal((score, word), (answer.Score, answer.Word));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("10")]
    [InlineData("vet ikke")]
    [InlineData("blå")]
    public async Task Anything_else_asks_again(string input)
    {
        var c = new TestConversation(ProbeBot.Create(new MoodPrompt("mood"), new PromptOptions { Prompt = "test.question" }));
        await c.SayAsync("hei");

        var replies = await c.SayAsync(input);

        Assert.Equal([c.T("prompt.retry.mood"), c.T("test.question")], replies);
        Assert.Null(c.Answer());
    }
}
