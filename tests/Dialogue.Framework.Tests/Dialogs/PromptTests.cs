using System.Text.Json;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Tests.Shared;
using Dialogue.Language;

namespace Dialogue.Framework.Tests.Dialogs;

public sealed class PromptTests
{
    private static readonly PromptOptions Question = new() { Prompt = "test.question" };

    private static readonly PromptOptions Mood = new()
    {
        Prompt = "test.mood",
        Choices =
        [
            new PromptChoice("good", "test.good", ["fint", "topp"]),
            new PromptChoice("so-so", "test.so_so"),
            new PromptChoice("bad", "test.bad", ["dritt"]),
        ],
    };

    [Theory]
    [InlineData("Kari", "Kari")]
    [InlineData("  jeg heter Ola  ", "jeg heter Ola")]
    public async Task Text_prompt_accepts_any_words(string input, string expected)
    {
        var conversation = new TestConversation(ProbeBot.Create(new TextPrompt("p"), Question));
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync(input);

        Assert.Empty(replies);
        Assert.Equal(expected, conversation.Answer()!.GetValue<string>());
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("😀")]
    [InlineData("...")]
    public async Task Text_prompt_asks_again_when_the_answer_has_no_words(string input)
    {
        var conversation = new TestConversation(ProbeBot.Create(new TextPrompt("p"), Question));
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync(input);

        Assert.Equal([conversation.T("prompt.retry.text"), conversation.T("test.question")], replies);
        Assert.Null(conversation.Answer());
    }

    [Theory]
    [InlineData("ja", true)]
    [InlineData("jepp", true)]
    [InlineData("Ja", true)]
    [InlineData("1", true)]
    [InlineData("nei", false)]
    [InlineData("nope", false)]
    [InlineData("2", false)]
    public async Task Confirm_prompt_understands_yes_and_no_and_list_numbers(string input, bool expected)
    {
        var conversation = new TestConversation(ProbeBot.Create(new ConfirmPrompt("p"), Question));
        await conversation.SayAsync("hei");

        await conversation.SayAsync(input);

        Assert.Equal(expected, conversation.Answer()!.GetValue<bool>());
    }

    [Fact]
    public async Task Confirm_prompt_retries_on_an_unclear_answer()
    {
        var conversation = new TestConversation(ProbeBot.Create(new ConfirmPrompt("p"), Question));
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync("kanskje");
        Assert.Equal([conversation.T("prompt.retry.yesno"), conversation.T("test.question")], replies);

        await conversation.SayAsync("ja");
        Assert.True(conversation.Answer()!.GetValue<bool>());
    }

    [Fact]
    public async Task Confirm_prompt_shows_buttons_on_web_chat()
    {
        var conversation = new TestConversation(ProbeBot.Create(new ConfirmPrompt("p"), Question), channelId: "webchat");

        var question = Assert.Single(await conversation.SendAsync("hei"));

        Assert.Equal(conversation.T("test.question"), question.Text);
        Assert.Equal(["Ja", "Nei"], question.SuggestedActions!.Actions!.Select(a => a.Title));
        Assert.Equal("expectingInput", question.InputHint);
    }

    [Fact]
    public async Task Confirm_prompt_shows_a_numbered_list_on_sms()
    {
        var conversation = new TestConversation(ProbeBot.Create(new ConfirmPrompt("p"), Question), channelId: KnownChannels.Sms);

        var question = Assert.Single(await conversation.SendAsync("hei"));

        Assert.Equal(conversation.T("test.question") + "\n1 Ja\n2 Nei\nSvar 1 eller 2.", question.Text);
        Assert.Null(question.SuggestedActions);
    }

    [Theory]
    [InlineData("1", "good")]
    [InlineData("3", "bad")]
    [InlineData("Sånn passe", "so-so")]
    [InlineData("sann passe", "so-so")]
    [InlineData("den første", "good")]
    [InlineData("dritt", "bad")]
    [InlineData("dårli", "bad")]
    public async Task Choice_prompt_understands_numbers_labels_synonyms_and_typos(string input, string expected)
    {
        var conversation = new TestConversation(ProbeBot.Create(new ChoicePrompt("p"), Mood), channelId: KnownChannels.Sms);
        await conversation.SayAsync("hei");

        await conversation.SayAsync(input);

        Assert.Equal(expected, conversation.Answer()!.GetValue<string>());
    }

    [Fact]
    public async Task Choice_prompt_retries_with_the_list_again()
    {
        var conversation = new TestConversation(ProbeBot.Create(new ChoicePrompt("p"), Mood), channelId: KnownChannels.Sms);
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync("banan");

        Assert.Equal(
            [conversation.T("prompt.retry.choice"), conversation.T("test.mood") + "\n1 Bra\n2 Sånn passe\n3 Dårlig\nSvar 1, 2 eller 3."],
            replies);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("tre", 3)]
    [InlineData("tjueen", 21)]
    [InlineData("jeg er 45 år", 45)]
    public async Task Number_prompt_understands_digits_and_words(string input, int expected)
    {
        var conversation = new TestConversation(ProbeBot.Create(new NumberPrompt("p"), Question));
        await conversation.SayAsync("hei");

        await conversation.SayAsync(input);

        Assert.Equal(expected, conversation.Answer()!.GetValue<int>());
    }

    [Fact]
    public async Task Number_prompt_validator_can_refuse_and_name_its_own_retry_text()
    {
        var prompt = new NumberPrompt("p", (ctx, _) =>
        {
            ctx.RetryText = "test.out_of_range";
            return Task.FromResult(ctx.Recognized.Succeeded && ctx.Recognized.Value is >= 1 and <= 5);
        });
        var conversation = new TestConversation(ProbeBot.Create(prompt, Question));
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync("9");
        Assert.Equal([conversation.T("test.out_of_range"), conversation.T("test.question")], replies);
        Assert.Null(conversation.Answer());

        await conversation.SayAsync("4");
        Assert.Equal(4, conversation.Answer()!.GetValue<int>());
    }

    [Theory]
    [InlineData("på fredag", "2026-11-20", null)]
    [InlineData("i morgen kl 10", "2026-11-19", "10:00")]
    [InlineData("imorra", "2026-11-19", null)]
    public async Task DateTime_prompt_resolves_relative_to_now_in_Oslo(string input, string date, string? time)
    {
        var conversation = new TestConversation(ProbeBot.Create(new DateTimePrompt("p"), Question));
        await conversation.SayAsync("hei");

        await conversation.SayAsync(input);

        var when = conversation.Answer()!.Deserialize<DateTimeResolution>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), when.Date);
        Assert.Equal(time is null ? null : TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture), when.Time);
    }

    [Fact]
    public async Task DateTime_prompt_retries_when_no_date_is_given()
    {
        var conversation = new TestConversation(ProbeBot.Create(new DateTimePrompt("p"), Question));
        await conversation.SayAsync("hei");

        var replies = await conversation.SayAsync("snart kanskje");

        Assert.Equal([conversation.T("prompt.retry.datetime"), conversation.T("test.question")], replies);
    }

    [Fact]
    public async Task After_three_answers_that_do_not_fit_the_person_is_offered_a_human_and_can_still_answer()
    {
        var conversation = new TestConversation(ProbeBot.Create(new ConfirmPrompt("p"), Question));
        await conversation.SayAsync("hei");

        Assert.Equal(conversation.T("prompt.retry.yesno"), (await conversation.SayAsync("hmm"))[0]);
        Assert.Equal(conversation.T("prompt.retry.yesno"), (await conversation.SayAsync("tja"))[0]);
        var third = await conversation.SayAsync("blåbær");
        Assert.Equal([conversation.T("prompt.offer_person"), conversation.T("test.question")], third);

        // The count starts again: the next miss is an ordinary retry, not another offer.
        Assert.Equal(conversation.T("prompt.retry.yesno"), (await conversation.SayAsync("æsj"))[0]);
        await conversation.SayAsync("ja");
        Assert.True(conversation.Answer()!.GetValue<bool>());
    }
}
