using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>
/// A caller that waits for the replies (expectReplies) gets its activity stored in the same transaction as its turn:
/// one commit per turn. What that must not cost: a repeat of the activity (also one racing the first) gets the same
/// replies and never a second turn; a turn that fails keeps what it must (an escalation) and no half state; a turn
/// that cannot finish leaves nothing stored, and the caller's retry runs it once.
/// </summary>
public sealed class OneCommitTurnTests
{
    private static readonly string Greeting = TextCatalog.Bokmal.Render(CountingBot.Reply);

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_same_activity_sent_many_times_at_once_runs_one_turn_and_every_copy_gets_its_replies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(bot));
        var client = app.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => app.PostAsync(Activities.Message("racing", "hei", "same-activity"), client)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var first = results[0].Replies.Select(r => (r.Id, r.Text)).ToList();
        Assert.Equal(Greeting, Assert.Single(first).Text);
        Assert.All(results, r => Assert.Equal(first, r.Replies.Select(x => (x.Id, x.Text))));
        Assert.Equal(1, bot.Turns);
        Assert.Equal(1, (int)(await app.ConversationStateAsync("test", "racing"))["count"]!);
        var row = await app.WithDbAsync(d => d.Inbox.SingleAsync());
        Assert.Equal(("same-activity", InboundStatus.Processed, true), (row.ActivityId, row.Status, row.ExpectReplies));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_that_fails_after_the_screen_raised_an_escalation_keeps_the_escalation_and_no_state(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(new ThrowingBot()));

        // Moderate: the screen records it on the open escalation (raising one) and lets the turn go on to the bot, which throws.
        var texts = await app.SayAsync("fails-after-screen", "orker ikke så mye i dag, er litt lei meg", "fail-1", from: "demo-kari");

        Assert.Contains(TextCatalog.Bokmal.Render("error.general"), texts);
        var row = await app.WithDbAsync(d => d.Inbox.SingleAsync());
        Assert.Equal(("fail-1", InboundStatus.Failed), (row.ActivityId, row.Status));
        Assert.NotNull(row.RepliesJson);
        Assert.Equal(1, await app.WithDbAsync(d => d.Escalations.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(d => d.States.CountAsync())); // the failed turn's state changes are dropped

        // A retry of the failed activity is answered from the stored row, not run again.
        var retry = await app.SayAsync("fails-after-screen", "orker ikke så mye i dag, er litt lei meg", "fail-1", from: "demo-kari");
        Assert.Equal(texts, retry);
        Assert.Equal(1, await app.WithDbAsync(d => d.Escalations.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_that_cannot_finish_stores_nothing_and_the_callers_retry_runs_it_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        var broken = new BreaksOnce();
        await using var app = new DialogueApp(db, services =>
        {
            services.AddSingleton<IBot>(bot);
            services.AddSingleton<ITurnServices>(broken);
        });

        var (status, _) = await app.PostAsync(Activities.Message("unfinished", "hei", "try-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status); // not acknowledged ...
        Assert.Equal(0, await app.WithDbAsync(d => d.Inbox.CountAsync())); // ... and nothing half stored
        Assert.Equal(0, await app.WithDbAsync(d => d.States.CountAsync()));
        Assert.Equal(0, bot.Turns);

        var texts = await app.SayAsync("unfinished", "hei", "try-1");

        Assert.Equal([Greeting], texts);
        Assert.Equal(1, bot.Turns);
        Assert.Equal(InboundStatus.Processed, await app.WithDbAsync(d => d.Inbox.Select(x => x.Status).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_activity_first_stored_for_later_replies_and_then_sent_waiting_is_run_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(bot));
        var processor = app.Services.GetRequiredService<TurnProcessor>();

        // Stored by the acknowledge-first path (as SMS and Direct Line do), not run yet.
        var stored = Dialogue.Framework.Protocol.ActivityJson.Deserialize(Activities.Message("mixed", "hei", "both-ways", expectReplies: false).ToJsonString())!;
        await processor.ReceiveAsync(stored, CancellationToken.None);
        var texts = await app.SayAsync("mixed", "hei", "both-ways");
        await app.Connector.WaitForAsync(1);

        Assert.Equal([Greeting], texts);
        Assert.Equal(1, bot.Turns);
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    /// <summary>Throws when the first turn is being set up (as a database outage would), then never again.</summary>
    private sealed class BreaksOnce : ITurnServices
    {
        private int _calls;

        public void Provide(ITurnContext turn, DialogueDbContext db)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("The database went away.");
            }
        }
    }
}
