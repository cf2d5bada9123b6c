using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>A conversation through /api/messages (the one with someone the bot does not know), on each database, including a restart in the middle.</summary>
public sealed class ConversationTests
{
    private static readonly TextCatalog Texts = TextCatalog.Bokmal;

    private static string T(TextId id, string? name = null) =>
        Texts.Render(id, name is null ? null : new Dictionary<string, string> { ["name"] = name });

    [Fact]
    public async Task The_request_from_the_readme_gets_a_Norwegian_greeting()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var body = JsonNode.Parse("""
            {"type":"message","id":"1","channelId":"test","serviceUrl":"http://127.0.0.1:1","deliveryMode":"expectReplies",
             "from":{"id":"u1"},"recipient":{"id":"bot"},"conversation":{"id":"c1"},"text":"hei","locale":"nb-NO"}
            """)!.AsObject();

        var (status, replies) = await app.PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([T("stranger.intro"), T("stranger.menu.ask")], replies.Select(r => r.Text));
        Assert.All(replies, r =>
        {
            Assert.Equal("message", r.Type);
            Assert.Equal("bot", r.From!.Id);
            Assert.Equal("u1", r.Recipient!.Id);
            Assert.Equal("c1", r.Conversation!.Id);
            Assert.Equal("1", r.ReplyToId);
            Assert.Equal("nb-NO", r.Locale);
        });
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_person_walks_a_conversation_to_its_end(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        Assert.Equal([T("stranger.intro"), T("stranger.menu.ask")], await app.SayAsync("walk", "hei"));
        Assert.Equal([T("stranger.message.ask")], await app.SayAsync("walk", "2"));
        Assert.Equal([T("stranger.contact.ask_web")], await app.SayAsync("walk", "Jeg har fått nytt nummer"));
        Assert.Equal(
        [
            Texts.Render("stranger.message.recap", new Dictionary<string, string> { ["message"] = "Jeg har fått nytt nummer" }),
            Texts.Render("stranger.message.recap_contact", new Dictionary<string, string> { ["contact"] = "Kari, 912 34 567" }),
            T("stranger.message.confirm"),
        ], await app.SayAsync("walk", "Kari, 912 34 567"));
        Assert.Equal([Texts.Render("stranger.message.sent", new Dictionary<string, string> { ["days"] = "3" })], await app.SayAsync("walk", "jepp"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Saying_no_at_the_end_sends_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        foreach (var text in new[] { "hei", "2", "Ring meg", "hopp over" })
        {
            await app.SayAsync("no-send", text);
        }

        Assert.Equal([T("stranger.message.not_sent")], await app.SayAsync("no-send", "nei"));
        Assert.Equal(0, await app.WithDbAsync(d => d.OfficeMessages.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_restart_in_the_middle_of_a_dialog_continues_where_it_was(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var before = new DialogueApp(db))
        {
            await before.SayAsync("restart", "hei");
            Assert.Equal([T("stranger.message.ask")], await before.SayAsync("restart", "2"));
        }

        await using var after = new DialogueApp(db);
        Assert.Equal([T("stranger.contact.ask_web")], await after.SayAsync("restart", "Jeg har fått nytt nummer"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Web_chat_gets_buttons_for_choices_and_for_a_yes_no_question(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        var (_, greeting) = await app.PostAsync(Activities.Message("buttons", "hei", channelId: "webchat"));
        Assert.Equal(["Spørre om noe", "Sende melding til NAV", "Jeg har en kode"], greeting[^1].SuggestedActions!.Actions!.Select(a => a.Title));

        var (_, offer) = await app.PostAsync(Activities.Message("buttons", "hvorfor er saken min stoppet?", channelId: "webchat"));
        Assert.Equal(["Ja", "Nei"], offer[^1].SuggestedActions!.Actions!.Select(a => a.Title));
    }
}
