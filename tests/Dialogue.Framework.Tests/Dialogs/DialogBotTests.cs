using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Tests.Shared;
using Dialogue.Framework.Turns;

namespace Dialogue.Framework.Tests.Dialogs;

public sealed class DialogBotTests
{
    /// <summary>A two-question waterfall: name (text), then "anything this week?" (yes/no); ends with a closing text.</summary>
    /// <summary>Answers "pling" with the help text, wherever the conversation is.</summary>
    private sealed class PlingInterruption : IInterruption
    {
        public async Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken)
        {
            if (dc.Turn.Activity.Text != "pling")
            {
                return false;
            }

            dc.Turn.SendText("interrupt.help");
            await dc.RepromptDialogAsync(cancellationToken);
            return true;
        }
    }

    private static DialogBot TwoQuestions(int version = 1, TimeSpan? expireAfter = null, IInterruption? interruption = null) => new(new DialogSet(
    [
        new WaterfallDialog("root",
        [
            (step, ct) =>
            {
                step.Turn.SendText("test.greeting");
                return step.PromptAsync("text", new PromptOptions { Prompt = "test.ask_name" }, ct);
            },
            (step, ct) =>
            {
                step.Keep("name");
                return step.PromptAsync("confirm", new PromptOptions
                {
                    Prompt = "test.ask_plans",
                    Args = new Dictionary<string, string> { ["name"] = step.ValueAs<string>("name")! },
                }, ct);
            },
            (step, ct) =>
            {
                step.Turn.SendText("test.closing", new Dictionary<string, string> { ["name"] = step.ValueAs<string>("name")! });
                return step.EndAsync(null, ct);
            },
        ], version),
        new TextPrompt("text"),
        new ConfirmPrompt("confirm"),
    ]), "root", expireAfter, interruption is null ? null : [interruption]);

    private static readonly Dictionary<string, string> Kari = new() { ["name"] = "Kari" };

    [Fact]
    public async Task First_message_starts_the_root_dialog_and_answers_walk_it_to_the_end()
    {
        var c = new TestConversation(TwoQuestions());

        Assert.Equal([c.T("test.greeting"), c.T("test.ask_name")], await c.SayAsync("hei"));
        Assert.Equal([c.T("test.ask_plans", Kari)], await c.SayAsync("Kari"));
        Assert.Equal([c.T("test.closing", Kari)], await c.SayAsync("nei"));

        // Finished: the stack is empty and a new message starts over.
        Assert.Empty((JsonArray)c.ConversationState[DialogContext.StackProperty]!);
        Assert.Equal([c.T("test.greeting"), c.T("test.ask_name")], await c.SayAsync("hei igjen"));
    }

    [Fact]
    public async Task The_bot_greets_first_when_a_person_joins()
    {
        var c = new TestConversation(TwoQuestions());

        var replies = await c.JoinAsync();

        Assert.Equal([c.T("test.greeting"), c.T("test.ask_name")], replies.Select(r => r.Text));
    }

    [Theory]
    [InlineData("HJELP")]
    [InlineData("hjelp")]
    [InlineData("hjlep")]
    public async Task Help_is_answered_and_the_same_question_is_asked_again(string help)
    {
        var c = new TestConversation(TwoQuestions());
        await c.SayAsync("hei");
        await c.SayAsync("Kari");

        Assert.Equal([c.T("interrupt.help"), c.T("test.ask_plans", Kari)], await c.SayAsync(help));

        // The dialog is still where it was: the next answer goes to the yes/no question.
        Assert.Equal([c.T("test.closing", Kari)], await c.SayAsync("ja"));
    }

    [Theory]
    [InlineData("VEILEDER")]
    [InlineData("veilder")]
    [InlineData("rettleiar")]
    public async Task Asking_for_a_human_tells_how_to_reach_one_and_keeps_the_dialog(string human)
    {
        var c = new TestConversation(TwoQuestions());
        await c.SayAsync("hei");

        Assert.Equal([c.T("interrupt.human"), c.T("test.ask_name")], await c.SayAsync(human));
        Assert.Equal([c.T("test.ask_plans", Kari)], await c.SayAsync("Kari"));
    }

    /// <summary>The two questions, plus a "human" dialog that asks one question and closes with what it got.</summary>
    private static DialogBot WithHumanDialog() =>
        new DialogBot(new DialogSet(
        [
            new WaterfallDialog("root",
            [
                (step, ct) => step.PromptAsync("text", new PromptOptions { Prompt = "test.ask_name" }, ct),
                (step, ct) => step.PromptAsync("confirm", new PromptOptions { Prompt = "test.ask_plans", Args = Kari }, ct),
                (step, ct) => step.EndAsync(null, ct),
            ]),
            new WaterfallDialog("human",
            [
                (step, ct) => step.PromptAsync("text", new PromptOptions { Prompt = "test.question" }, ct),
                (step, ct) =>
                {
                    step.Turn.SendText("test.closing", new Dictionary<string, string> { ["name"] = step.ResultAs<string>()! });
                    return step.EndAsync(null, ct);
                },
            ]),
            new TextPrompt("text"),
            new ConfirmPrompt("confirm"),
        ]), "root", humanDialogId: "human");

    [Fact]
    public async Task With_a_dialog_for_it_asking_for_a_human_drops_the_current_questions_and_starts_that_dialog()
    {
        var c = new TestConversation(WithHumanDialog());
        await c.SayAsync("hei");
        Assert.Equal([c.T("test.ask_plans", Kari)], await c.SayAsync("Kari"));

        Assert.Equal([c.T("test.question")], await c.SayAsync("ring meg"));

        // While it runs, another request for a human is its answer, not a new start.
        Assert.Equal([c.T("test.closing", new Dictionary<string, string> { ["name"] = "ring meg i morgen" })], await c.SayAsync("ring meg i morgen"));
        Assert.Empty((JsonArray)c.ConversationState[DialogContext.StackProperty]!);
        Assert.Equal([c.T("test.ask_name")], await c.SayAsync("hei"));
    }

    [Fact]
    public async Task Where_the_person_writes_their_own_message_a_request_for_a_human_is_part_of_it()
    {
        var bot = new DialogBot(new DialogSet(
        [
            new WaterfallDialog("root",
            [
                (step, ct) => step.PromptAsync("own", new PromptOptions { Prompt = "test.question" }, ct),
                (step, ct) =>
                {
                    step.Turn.SendText("test.closing", new Dictionary<string, string> { ["name"] = step.ResultAs<string>()! });
                    return step.EndAsync(null, ct);
                },
            ]),
            new TextPrompt("own") { OwnWords = true },
            new WaterfallDialog("human", [(step, ct) => step.EndAsync(null, ct)]),
        ]), "root", humanDialogId: "human");
        var c = new TestConversation(bot);
        await c.SayAsync("hei");

        Assert.Equal([c.T("test.closing", new Dictionary<string, string> { ["name"] = "Dere må ringe meg" })], await c.SayAsync("Dere må ringe meg"));
        await c.SayAsync("hei");
        Assert.Equal([c.T("interrupt.stopped")], await c.SayAsync("STOPP"));
    }

    [Fact]
    public void A_human_dialog_that_does_not_exist_is_refused_at_construction() =>
        Assert.Throws<KeyNotFoundException>(() => new DialogBot(new DialogSet([new TextPrompt("root")]), "root", humanDialogId: "nope"));

    [Theory]
    [InlineData("STOPP")]
    [InlineData("stop")]
    [InlineData("stpp")]
    [InlineData("AVBRYT")]
    [InlineData("avbyt")]
    public async Task Stop_and_cancel_end_the_dialog_and_the_next_message_starts_afresh(string stop)
    {
        var c = new TestConversation(TwoQuestions());
        await c.SayAsync("hei");
        await c.SayAsync("Kari");

        Assert.Equal([c.T("interrupt.stopped")], await c.SayAsync(stop));
        Assert.Empty((JsonArray)c.ConversationState[DialogContext.StackProperty]!);
        Assert.Equal([c.T("test.greeting"), c.T("test.ask_name")], await c.SayAsync("hei"));
    }

    [Fact]
    public async Task A_word_inside_a_sentence_is_an_answer_not_a_command()
    {
        var c = new TestConversation(TwoQuestions());
        await c.SayAsync("hei");

        var replies = await c.SayAsync("jeg trenger hjelp med cv");

        Assert.Equal(
            [c.T("test.ask_plans", new Dictionary<string, string> { ["name"] = "jeg trenger hjelp med cv" })],
            replies);
    }

    [Fact]
    public async Task A_conversation_started_on_an_older_dialog_version_restarts_with_an_apology()
    {
        var old = new TestConversation(TwoQuestions(version: 1));
        await old.SayAsync("hei");
        await old.SayAsync("Kari");

        var upgraded = new TestConversation(TwoQuestions(version: 2)) { ConversationState = old.ConversationState };
        var replies = await upgraded.SayAsync("ja");

        Assert.Equal([old.T("dialog.restarted"), old.T("test.greeting"), old.T("test.ask_name")], replies);
    }

    [Fact]
    public async Task A_stack_naming_a_dialog_that_no_longer_exists_restarts_with_an_apology()
    {
        var c = new TestConversation(TwoQuestions());
        c.ConversationState = (JsonObject)JsonNode.Parse(
            """{"dialogStack":[{"id":"retired.dialog","version":3,"state":{"step":2}}]}""")!;

        var replies = await c.SayAsync("ja");

        Assert.Equal([c.T("dialog.restarted"), c.T("test.greeting"), c.T("test.ask_name")], replies);
    }

    [Fact]
    public void Dialog_ids_must_be_unique_in_a_set()
    {
        Assert.Throws<ArgumentException>(() => new DialogSet([new TextPrompt("same"), new ConfirmPrompt("same")]));
    }

    [Fact]
    public async Task A_conversation_silent_longer_than_the_expiry_starts_afresh_with_one_line_about_it()
    {
        var c = new TestConversation(TwoQuestions(expireAfter: TimeSpan.FromHours(24)));
        await c.SayAsync("hei");
        await c.SayAsync("Kari");

        c.Clock.Now += TimeSpan.FromHours(25);

        Assert.Equal([c.T("dialog.expired"), c.T("test.greeting"), c.T("test.ask_name")], await c.SayAsync("ja"));
    }

    [Fact]
    public async Task A_pause_shorter_than_the_expiry_continues_where_it_was()
    {
        var c = new TestConversation(TwoQuestions(expireAfter: TimeSpan.FromHours(24)));
        await c.SayAsync("hei");
        await c.SayAsync("Kari");

        c.Clock.Now += TimeSpan.FromHours(23);

        Assert.Equal([c.T("test.closing", Kari)], await c.SayAsync("ja"));
    }

    [Fact]
    public async Task An_interruption_answers_before_the_active_dialog_and_the_question_is_asked_again()
    {
        var c = new TestConversation(TwoQuestions(interruption: new PlingInterruption()));
        await c.SayAsync("hei");

        Assert.Equal([c.T("interrupt.help"), c.T("test.ask_name")], await c.SayAsync("pling"));
        Assert.Equal([c.T("test.ask_plans", Kari)], await c.SayAsync("Kari"));
    }
}
