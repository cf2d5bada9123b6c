using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.DirectLine;

/// <summary>
/// Direct Line conversations end to end on each database: the bot greets first, the person's messages are echoed in
/// the activity list with the id the post returned, replies follow, watermarks page through, the WebSocket streams it
/// all (with typing while the bot works), and the log is safe against races and redelivery.
/// </summary>
public sealed class DirectLineConversationTests
{
    private const string Secret = DirectLineTokenTests.Secret;
    private static readonly TextCatalog Texts = TextCatalog.Bokmal;

    private static string T(string id, params (string Name, string Value)[] args) =>
        Texts.Render(new TextId(id), args.ToDictionary(a => a.Name, a => a.Value));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Starting_a_conversation_makes_the_bot_greet_first_and_only_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");

        var (status, started) = await client.StartAsync(generated.Token!);
        var greeting = await client.WaitForAsync(started.ConversationId!, generated.Token!, 3);
        var (again, _) = await client.StartAsync(generated.Token!);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(generated.ConversationId, started.ConversationId);
        Assert.StartsWith("ws://localhost/v3/directline/conversations/", started.StreamUrl, StringComparison.Ordinal);
        Assert.Equal(
            [T("welcome.intro", ("name", "Kari")), T("welcome.privacy", ("veileder", "Marte")), T("welcome.ask_time")],
            greeting.Activities.Select(a => a.Text));
        Assert.All(greeting.Activities, a =>
        {
            Assert.Equal("directline", a.ChannelId);
            Assert.Equal(RoleTypes.Bot, a.From?.Role);
            Assert.Null(a.ReplyToId); // the join is not something the client has seen
        });
        Assert.Equal("3", greeting.Watermark);
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ChannelId == "directline")));
        Assert.Equal(3, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_posted_message_is_echoed_with_its_id_as_the_token_user_and_answered_after_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");
        var conversation = generated.ConversationId!;
        await client.StartAsync(generated.Token!);
        var greeting = await client.WaitForAsync(conversation, generated.Token!, 3);

        var id = await client.SayAsync(conversation, generated.Token!, "ja", clientActivityId: "client-1", from: "dl_demo-ola");
        var after = await client.WaitForAsync(conversation, generated.Token!, 2, greeting.Watermark);

        var echo = after.Activities[0];
        Assert.Equal(id, echo.Id);
        Assert.StartsWith(conversation + "|", id, StringComparison.Ordinal);
        Assert.Equal(("ja", "dl_demo-kari", RoleTypes.User), (echo.Text, echo.From?.Id, echo.From?.Role));
        Assert.Equal("client-1", echo.ChannelData?.GetProperty("clientActivityID").GetString());
        var reply = after.Activities[1];
        Assert.Equal(T("checkin.ask", ("title", "Lage en CV")), reply.Text);
        Assert.Equal(id, reply.ReplyToId);
        Assert.Equal([T("choice.done"), T("choice.not_yet"), T("choice.need_help")], reply.SuggestedActions?.Actions?.Select(a => a.Title) ?? []);
        Assert.Equal("5", after.Watermark);

        var nothingNew = await client.GetAsync(conversation, generated.Token!, after.Watermark);
        Assert.Empty(nothingNew.Activities);
        Assert.Equal("5", nothingNew.Watermark);
        var everything = await client.GetAsync(conversation, generated.Token!);
        Assert.Equal(5, everything.Activities.Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_stream_sends_the_greeting_then_echo_typing_and_reply(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");
        var (_, started) = await client.StartAsync(generated.Token!);

        using var socket = await client.ConnectAsync(started.StreamUrl!);
        var greeting = await DirectLineClient.ReceiveUntilAsync(socket, r => r.Count >= 3);
        var id = await client.SayAsync(started.ConversationId!, generated.Token!, "ja");
        var turn = await DirectLineClient.ReceiveUntilAsync(socket, r => r.Any(a => a.IsType(ActivityTypes.Message) && a.From?.Role == RoleTypes.Bot));

        Assert.Equal(T("welcome.ask_time"), greeting[2].Text);
        Assert.Equal(
            [(ActivityTypes.Message, RoleTypes.User), (ActivityTypes.Typing, RoleTypes.Bot), (ActivityTypes.Message, RoleTypes.Bot)],
            turn.Select(a => (a.Type, a.From?.Role)));
        Assert.Equal(id, turn[0].Id);
        Assert.Equal(T("checkin.ask", ("title", "Lage en CV")), turn[2].Text);
        Assert.Equal(0, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync(a => a.ActivityJson.Contains("\"typing\""))));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Reconnecting_with_a_watermark_streams_only_what_came_after_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");
        var conversation = generated.ConversationId!;
        await client.StartAsync(generated.Token!);
        await client.WaitForAsync(conversation, generated.Token!, 3);
        await client.SayAsync(conversation, generated.Token!, "ja");
        await client.WaitForAsync(conversation, generated.Token!, 2, "3");

        using var response = await client.SendAsync(HttpMethod.Get, $"/conversations/{conversation}?watermark=3", generated.Token);
        var reconnected = await DirectLineClient.ReadAsync<DirectLineConversation>(response);
        using var socket = await client.ConnectAsync(reconnected.StreamUrl!);
        var text = await DirectLineClient.ReceiveAsync(socket);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(conversation, reconnected.ConversationId);
        var set = JsonSerializer.Deserialize<ActivitySet>(text!, ActivityJson.Options)!;
        Assert.Equal(["ja", T("checkin.ask", ("title", "Lage en CV"))], set.Activities.Select(a => a.Text));
        Assert.Equal("5", set.Watermark);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_secret_can_start_a_conversation_for_a_user_and_speak_in_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);

        var (status, started) = await client.StartAsync(Secret, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_demo-kari" } });
        await client.WaitForAsync(started.ConversationId!, Secret, 3);
        await client.SayAsync(started.ConversationId!, Secret, "ja", from: "dl_demo-kari");
        var after = await client.WaitForAsync(started.ConversationId!, Secret, 2, "3");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("dl_demo-kari", (string?)DirectLineClient.Claims(started.Token!)["user"]);
        Assert.Equal(T("checkin.ask", ("title", "Lage en CV")), after.Activities[1].Text);
        using var unknown = await client.SendAsync(HttpMethod.Get, "/conversations/no-such-conversation", Secret);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Appends_racing_in_one_conversation_get_consecutive_watermarks_and_a_redelivered_reply_is_logged_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var store = app.Services.GetRequiredService<DirectLineStore>();
        var transport = app.Services.GetServices<IChannelTransport>().OfType<DirectLineTransport>().Single();

        var logged = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            store.AppendAsync("race", new Activity { Type = "message", Text = $"m{i}" }, outboundId: null, CancellationToken.None)));
        var outbound = new OutboundActivity
        {
            Id = 4242,
            ChannelId = "directline",
            ConversationId = "race",
            ServiceUrl = string.Empty,
            ActivityJson = ActivityJson.Serialize(new Activity { Type = "message", Text = "svar", ReplyToId = "start" }),
        };
        var first = await transport.SendAsync(outbound, CancellationToken.None);
        var second = await transport.SendAsync(outbound, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), logged.Select(l => l.Sequence).Order());
        Assert.Equal((DeliveryOutcomeOf(first), DeliveryOutcomeOf(second)), ("Sent", "Sent"));
        var all = await store.ReadAsync("race", 0, CancellationToken.None);
        Assert.Equal(21, all.Activities.Count);
        Assert.Equal("svar", all.Activities[^1].Text);
        Assert.Null(all.Activities[^1].ReplyToId);
    }

    [Fact]
    public async Task The_stream_sends_an_empty_keep_alive_when_quiet_and_closes_cleanly_on_shutdown()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var app = new DialogueApp(db, host: h =>
        {
            h.UseSetting("DirectLine:Secret", Secret);
            h.UseSetting("DirectLine:KeepAliveInterval", "00:00:00.200");
        });
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_quiet");
        var (_, started) = await client.StartAsync(generated.Token!);
        using var socket = await client.ConnectAsync(started.StreamUrl!);
        await DirectLineClient.ReceiveUntilAsync(socket, r => r.Count >= 1);

        string? message;
        do
        {
            message = await DirectLineClient.ReceiveAsync(socket);
        }
        while (message is { Length: > 0 });
        Assert.Equal(string.Empty, message);

        var stopping = app.DisposeAsync();
        while (await DirectLineClient.ReceiveAsync(socket) is not null)
        {
        }

        await stopping;
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
    }

    [Fact]
    public async Task A_stream_url_for_another_conversation_or_a_plain_token_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret);
        var (_, started) = await client.StartAsync(mine.Token!);
        var other = await client.GenerateAsync(Secret);

        var wrongConversation = started.StreamUrl!.Replace(mine.ConversationId!, other.ConversationId!, StringComparison.Ordinal);
        var plainToken = $"ws://localhost/v3/directline/conversations/{mine.ConversationId}/stream?t={mine.Token}";

        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(wrongConversation));
        await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(plainToken));
        using var plainGet = await app.CreateClient().GetAsync(new Uri(started.StreamUrl!.Replace("ws://", "http://", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, plainGet.StatusCode);
    }

    [Fact]
    public async Task Typing_from_the_person_and_unsupported_activity_types_are_not_stored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_typist");
        await client.StartAsync(generated.Token!);
        await client.WaitForAsync(generated.ConversationId!, generated.Token!, 1);

        // The greeting may be several activities leaving the outbox one by one: count once all of them are out.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until && await app.WithDbAsync(d => d.Outbox.AnyAsync(o => o.Status == OutboundStatus.Pending)))
        {
            await Task.Delay(50);
        }

        var before = await app.WithDbAsync(d => d.DirectLineActivities.CountAsync());

        using var typing = await client.SendAsync(HttpMethod.Post, $"/conversations/{generated.ConversationId}/activities", generated.Token,
            new JsonObject { ["type"] = "typing" });
        using var update = await client.SendAsync(HttpMethod.Post, $"/conversations/{generated.ConversationId}/activities", generated.Token,
            new JsonObject { ["type"] = "conversationUpdate" });
        using var junk = await client.SendAsync(HttpMethod.Post, $"/conversations/{generated.ConversationId}/activities", generated.Token,
            new JsonObject { ["text"] = "no type" });

        Assert.Equal(HttpStatusCode.OK, typing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, junk.StatusCode);
        Assert.Equal(before, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync()));
    }

    private static string DeliveryOutcomeOf(DeliveryResult result) => result.Outcome.ToString();
}
