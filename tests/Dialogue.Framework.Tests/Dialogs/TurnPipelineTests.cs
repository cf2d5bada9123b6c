using Dialogue.Tests.Shared;
using Dialogue.Framework.Turns;

namespace Dialogue.Framework.Tests.Dialogs;

public sealed class TurnPipelineTests
{
    private sealed class RecordingMiddleware(string name, List<string> calls) : ITurnMiddleware
    {
        public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
        {
            calls.Add($"{name} before");
            await next(cancellationToken);
            calls.Add($"{name} after");
        }
    }

    private sealed class ShortCircuit(List<string> calls) : ITurnMiddleware
    {
        public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
        {
            calls.Add("short-circuit");
            turn.SendText("interrupt.help");
            return Task.CompletedTask;
        }
    }

    private sealed class DelegateBot(Func<ITurnContext, Task> onTurn) : IBot
    {
        public Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken) => onTurn(turn);
    }

    private sealed class OrderedMiddleware(string name, int order, List<string> calls) : ITurnMiddleware
    {
        public int Order => order;

        public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
        {
            calls.Add(name);
            return next(cancellationToken);
        }
    }

    [Fact]
    public async Task Middleware_runs_by_declared_order_so_safety_comes_first_whatever_the_registration_order()
    {
        var calls = new List<string>();
        var bot = new DelegateBot(_ =>
        {
            calls.Add("bot");
            return Task.CompletedTask;
        });
        var conversation = new TestConversation(bot, middleware:
        [
            new OrderedMiddleware("typing", MiddlewareOrder.Default, calls),
            new OrderedMiddleware("handoff", MiddlewareOrder.Handoff, calls),
            new OrderedMiddleware("safety", MiddlewareOrder.SafetyScreening, calls),
            new OrderedMiddleware("also-default", MiddlewareOrder.Default, calls),
            new OrderedMiddleware("logging", MiddlewareOrder.Logging, calls),
        ]);

        await conversation.SendAsync("hei");

        Assert.Equal(["logging", "safety", "handoff", "typing", "also-default", "bot"], calls);
    }

    [Fact]
    public async Task Middleware_runs_in_registration_order_around_the_bot()
    {
        var calls = new List<string>();
        var bot = new DelegateBot(_ =>
        {
            calls.Add("bot");
            return Task.CompletedTask;
        });
        var c = new TestConversation(bot, middleware: [new RecordingMiddleware("a", calls), new RecordingMiddleware("b", calls)]);

        await c.SendAsync("hei");

        Assert.Equal(["a before", "b before", "bot", "b after", "a after"], calls);
    }

    [Fact]
    public async Task Middleware_can_answer_without_calling_the_bot()
    {
        var calls = new List<string>();
        var bot = new DelegateBot(_ =>
        {
            calls.Add("bot");
            return Task.CompletedTask;
        });
        var c = new TestConversation(bot, middleware: [new ShortCircuit(calls)]);

        var replies = await c.SayAsync("hei");

        Assert.Equal(["short-circuit"], calls);
        Assert.Equal([c.T("interrupt.help")], replies);
    }

    [Fact]
    public async Task A_turn_that_throws_sends_one_friendly_apology_and_keeps_the_old_state()
    {
        var bot = new DelegateBot(turn =>
        {
            turn.ConversationState["touched"] = true;
            turn.SendText("test.greeting");
            throw new InvalidOperationException("boom");
        });
        var c = new TestConversation(bot);

        var replies = await c.SendAsync("hei");

        Assert.Equal(TurnOutcome.Failed, c.LastOutcome);
        var apology = Assert.Single(replies);
        Assert.Equal(c.T("error.general"), apology.Text);
        Assert.Equal("a1", apology.ReplyToId);
        Assert.False(c.ConversationState.ContainsKey("touched"));
    }

    [Fact]
    public async Task A_pinned_safety_reply_still_goes_out_first_when_the_rest_of_the_turn_throws()
    {
        var bot = new DelegateBot(turn =>
        {
            turn.Pin(turn.SendText("interrupt.help"));
            turn.SendText("test.greeting");
            throw new InvalidOperationException("boom");
        });
        var c = new TestConversation(bot);

        var replies = await c.SendAsync("hei");

        Assert.Equal(TurnOutcome.Failed, c.LastOutcome);
        Assert.Equal([c.T("interrupt.help"), c.T("error.general")], replies.Select(r => r.Text));
    }

    [Fact]
    public async Task Replies_are_addressed_back_to_the_sender()
    {
        var bot = new DelegateBot(turn =>
        {
            turn.SendText("test.greeting");
            return Task.CompletedTask;
        });
        var c = new TestConversation(bot);

        var reply = Assert.Single(await c.SendAsync("hei"));

        Assert.Equal("message", reply.Type);
        Assert.Equal("bot", reply.From!.Id);
        Assert.Equal("user-1", reply.Recipient!.Id);
        Assert.Equal("conversation-1", reply.Conversation!.Id);
        Assert.Equal("a1", reply.ReplyToId);
        Assert.Equal("nb-NO", reply.Locale);
        Assert.Equal(c.Clock.Now, reply.Timestamp);
    }
}
