using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>Exactly-once turns, idempotent retries, serialized conversations and durable replies, on each database.</summary>
public sealed class DeliveryTests
{
    private static readonly string Greeting = TextCatalog.Bokmal.Render(CountingBot.Reply);

    private static DialogueApp WithCountingBot(TestDatabase db, CountingBot bot) =>
        new(db, services => services.AddSingleton<IBot>(bot));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Twenty_messages_at_once_to_one_conversation_are_each_processed_exactly_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = WithCountingBot(db, bot);
        var client = app.CreateClient();
        var ids = Enumerable.Range(1, 20).Select(i => $"burst-{i}").ToList();

        var results = await Task.WhenAll(ids.Select(id => app.PostAsync(Activities.Message("burst", "hei", id), client)));

        Assert.All(results, r =>
        {
            Assert.Equal(HttpStatusCode.OK, r.Status);
            Assert.Equal(Greeting, Assert.Single(r.Replies).Text);
        });
        var state = await app.ConversationStateAsync("test", "burst");
        Assert.Equal(20, (int)state["count"]!);
        Assert.Equal(ids.Order(), state["seen"]!.AsArray().Select(n => (string)n!).Order());
        Assert.Equal(20, bot.Turns);
        Assert.Equal(20, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.Status == InboundStatus.Processed)));
        Assert.Equal(0, app.Services.GetRequiredService<KeyedLock>().ActiveKeys); // every conversation lock released
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Twenty_messages_at_once_without_expect_replies_are_all_processed_and_all_replies_delivered(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = WithCountingBot(db, bot);
        var client = app.CreateClient();

        var results = await Task.WhenAll(Enumerable.Range(1, 20)
            .Select(i => app.PostAsync(Activities.Message("async-burst", "hei", $"m{i}", expectReplies: false), client)));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var received = await app.Connector.WaitForAsync(20);
        Assert.Equal(20, received.Count);
        Assert.Equal(20, (int)(await app.ConversationStateAsync("test", "async-burst"))["count"]!);
        Assert.Equal(20, bot.Turns);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_retried_activity_is_answered_again_but_processed_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = WithCountingBot(db, bot);

        var first = await app.PostAsync(Activities.Message("retry", "hei", "same-id"));
        var second = await app.PostAsync(Activities.Message("retry", "hei", "same-id"));

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(first.Replies.Select(r => (r.Id, r.Text)), second.Replies.Select(r => (r.Id, r.Text)));
        Assert.Equal(1, bot.Turns);
        Assert.Equal(1, (int)(await app.ConversationStateAsync("test", "retry"))["count"]!);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_retried_activity_without_expect_replies_sends_its_reply_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var bot = new CountingBot();
        await using var app = WithCountingBot(db, bot);

        await app.PostAsync(Activities.Message("retry-async", "hei", "dup", expectReplies: false));
        await app.Connector.WaitForAsync(1);
        await app.PostAsync(Activities.Message("retry-async", "hei", "dup", expectReplies: false));
        await app.PostAsync(Activities.Message("retry-async", "hei", "next", expectReplies: false));
        await app.Connector.WaitForAsync(2);

        Assert.Equal(2, app.Connector.Received.Count);
        Assert.Equal(2, bot.Turns);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Replies_go_to_the_service_url_as_Connector_calls(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        var (status, replies) = await app.PostAsync(Activities.Message("conv/with space", "hei", "act-1", expectReplies: false));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(replies);
        var received = await app.Connector.WaitForAsync(2);
        Assert.Equal(
            [TextCatalog.Bokmal.Render("stranger.intro"), TextCatalog.Bokmal.Render("stranger.menu.ask")],
            received.Select(r => r.Activity.Text));
        Assert.All(received, r =>
        {
            Assert.Equal("http://connector.test/v3/conversations/conv%2Fwith%20space/activities/act-1", r.Url.AbsoluteUri);
            Assert.Equal("act-1", r.Activity.ReplyToId);
        });
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_reply_the_connector_refuses_for_a_while_is_retried_until_it_arrives(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(new CountingBot()));
        app.Connector.Failures.Enqueue(HttpStatusCode.ServiceUnavailable);
        app.Connector.Failures.Enqueue(HttpStatusCode.TooManyRequests);

        await app.PostAsync(Activities.Message("flaky", "hei", expectReplies: false));
        for (var i = 0; i < 200 && app.Connector.Received.Count == 0; i++)
        {
            app.Clock.Now += TimeSpan.FromMinutes(1); // let backoff elapse on the bot's clock
            await Task.Delay(100);
        }

        Assert.Single(app.Connector.Received);

        // The dispatcher records the delivery right after the connector answers; wait for that save.
        for (var i = 0; i < 100 && !await app.WithDbAsync(d => d.Outbox.AnyAsync(o => o.Status == OutboundStatus.Sent)); i++)
        {
            await Task.Delay(50);
        }

        var row = await app.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal(OutboundStatus.Sent, row.Status);
        Assert.Equal(3, row.Attempts);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_activity_stored_before_a_crash_is_processed_after_the_restart(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // What a crash right after the acknowledgement leaves behind: a stored, unprocessed inbox row.
        await StoreAsACrashLeftItAsync(db, "crashed",
            ("before-crash", ActivityJson.Serialize(ActivityJson.Deserialize(
                Activities.Message("crashed", "hei", "before-crash", expectReplies: false).ToJsonString())!)));

        await using var restarted = new DialogueApp(db);
        _ = restarted.Services;

        var received = await restarted.Connector.WaitForAsync(2);
        Assert.Equal(2, received.Count);
        Assert.Equal(InboundStatus.Processed,
            await restarted.WithDbAsync(d => d.Inbox.Where(x => x.ActivityId == "before-crash").Select(x => x.Status).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_that_throws_answers_with_an_apology_records_the_failure_and_keeps_state(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(new ThrowingBot()));

        var texts = await app.SayAsync("broken", "hei", "boom-1");

        Assert.Equal([TextCatalog.Bokmal.Render("error.general")], texts);
        Assert.Equal(InboundStatus.Failed, await app.WithDbAsync(d => d.Inbox.Select(x => x.Status).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(d => d.States.CountAsync()));
    }

    [Fact]
    public async Task An_unreadable_stored_row_is_set_aside_and_does_not_hold_back_the_next()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await StoreAsACrashLeftItAsync(db, "after-bad",
            ("bad", "{ this is not an activity"),
            ("good", ActivityJson.Serialize(ActivityJson.Deserialize(
                Activities.Message("after-bad", "hei", "good", expectReplies: false).ToJsonString())!)));

        await using var restarted = new DialogueApp(db);
        _ = restarted.Services;

        Assert.Equal(2, (await restarted.Connector.WaitForAsync(2)).Count);
        var statuses = await restarted.WithDbAsync(d => d.Inbox.OrderBy(x => x.Id).Select(x => x.Status).ToListAsync());
        Assert.Equal([InboundStatus.Failed, InboundStatus.Processed], statuses);
    }

    [Fact]
    public async Task A_waiting_request_that_died_with_its_turn_is_run_later_and_its_retry_gets_the_replies()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var first = new DialogueApp(db))
        {
            _ = first.Services;
        }

        // An expectReplies request stored its activity, then the process died before the turn ran.
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        DatabaseSettings.From(db.Provider.ToString(), db.ConnectionString).Configure(options);
        await using (var direct = new DialogueDbContext(options.Options))
        {
            var activity = Activities.Message("died", "hei", "died-1");
            direct.Inbox.Add(new InboundActivity
            {
                ChannelId = "test",
                ConversationId = "died",
                ActivityId = "died-1",
                ActivityJson = ActivityJson.Serialize(ActivityJson.Deserialize(activity.ToJsonString())!),
                ExpectReplies = true,
                ReceivedAt = FakeClock.Wednesday - TimeSpan.FromMinutes(2),
                Status = InboundStatus.Pending,
            });
            await direct.SaveChangesAsync();
        }

        await using var restarted = new DialogueApp(db);
        _ = restarted.Services;
        await restarted.Services.GetRequiredService<TurnProcessor>().ProcessPendingAsync(CancellationToken.None);

        Assert.Equal(InboundStatus.Processed, await restarted.WithDbAsync(d => d.Inbox.Select(x => x.Status).SingleAsync()));
        var retry = await restarted.PostAsync(Activities.Message("died", "hei", "died-1"));
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.NotEmpty(retry.Replies);
        Assert.Empty(restarted.Connector.Received); // replies of a waiting request are never pushed to the connector
    }

    /// <summary>Starts the bot once (so the schema exists), stops it, then writes pending inbox rows straight to the database.</summary>
    private static async Task StoreAsACrashLeftItAsync(TestDatabase db, string conversationId, params (string ActivityId, string Json)[] rows)
    {
        await using (var first = new DialogueApp(db))
        {
            _ = first.Services;
        }

        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        DatabaseSettings.From(db.Provider.ToString(), db.ConnectionString).Configure(options);
        await using var direct = new DialogueDbContext(options.Options);
        foreach (var (activityId, json) in rows)
        {
            direct.Inbox.Add(new InboundActivity
            {
                ChannelId = "test",
                ConversationId = conversationId,
                ActivityId = activityId,
                ActivityJson = json,
                ReceivedAt = DateTimeOffset.UtcNow,
                Status = InboundStatus.Pending,
            });
        }

        await direct.SaveChangesAsync();
    }
}
