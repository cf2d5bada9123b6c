using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>The first conversation through /api/messages, on each database, including a restart in the middle.</summary>
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
        Assert.Equal([T("first.greeting"), T("first.ask_name")], replies.Select(r => r.Text));
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
    public async Task A_person_walks_the_first_conversation_to_its_recap(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        Assert.Equal([T("first.greeting"), T("first.ask_name")], await app.SayAsync("walk", "hei"));
        Assert.Equal([T("first.ask_plans", "Kari")], await app.SayAsync("walk", "Kari"));
        Assert.Equal([T("first.ask_what")], await app.SayAsync("walk", "jepp"));
        Assert.Equal([T("first.ask_when")], await app.SayAsync("walk", "ringe tannlegen"));

        // The fake clock says Wednesday 18 November 2026, so "på fredag" is Friday the 20th.
        var recap = await app.SayAsync("walk", "på fredag");
        Assert.Equal(
        [
            Texts.Render("first.recap_plan", new Dictionary<string, string> { ["what"] = "ringe tannlegen", ["when"] = "fredag 20. november" }),
            T("first.closing", "Kari"),
        ], recap);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Saying_no_skips_the_plan_questions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.SayAsync("no-plans", "hei");
        await app.SayAsync("no-plans", "Ola");

        Assert.Equal([T("first.no_plans"), T("first.closing", "Ola")], await app.SayAsync("no-plans", "nei"));
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
            Assert.Equal([T("first.ask_plans", "Kari")], await before.SayAsync("restart", "Kari"));
        }

        await using var after = new DialogueApp(db);
        Assert.Equal([T("first.ask_what")], await after.SayAsync("restart", "ja"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Web_chat_gets_buttons_for_a_yes_no_question(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.PostAsync(Activities.Message("buttons", "hei", channelId: "webchat"));

        var (_, replies) = await app.PostAsync(Activities.Message("buttons", "Kari", channelId: "webchat"));

        var question = Assert.Single(replies);
        Assert.Equal(["Ja", "Nei"], question.SuggestedActions!.Actions!.Select(a => a.Title));
    }
}
