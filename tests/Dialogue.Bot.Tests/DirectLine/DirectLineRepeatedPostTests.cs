using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.DirectLine;

/// <summary>
/// A Direct Line client that got no answer to a post (the process died after storing it) posts it again with the
/// same <c>channelData.clientActivityID</c>: the message is stored and run once, shown once, and the repeat is answered
/// with the same id. Found by the crash test (<see cref="Crash.CrashTests"/>): before, the repeat was a new message.
/// </summary>
public sealed class DirectLineRepeatedPostTests
{
    private const string Secret = DirectLineTokenTests.Secret;

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_repeated_post_is_stored_and_shown_once_and_answered_with_the_same_id(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var (client, conversation, token) = await StartKarisChatAsync(app);

        var first = await client.SayAsync(conversation, token, "ja", clientActivityId: "1733490000000abc");
        var repeat = await client.SayAsync(conversation, token, "ja", clientActivityId: "1733490000000abc");
        var other = await client.SayAsync(conversation, token, "ja", clientActivityId: "1733490000000abd");

        Assert.Equal(first, repeat);
        Assert.NotEqual(first, other);
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ChannelId == "directline" && x.ActivityId == first)));
        Assert.Equal(2, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ChannelId == "directline" && x.ActivityId != "start")));
        Assert.Equal(2, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync(a => a.ConversationId == conversation && a.OutboundId == null)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Copies_of_one_post_sent_at_the_same_moment_are_logged_stored_and_run_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var (client, conversation, token) = await StartKarisChatAsync(app);

        // A client that timed out and retried while its first post was still running: several copies in flight at once.
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SayAsync(conversation, token, "ja", clientActivityId: "1733490000000same")));

        var id = Assert.Single(ids.Distinct());
        Assert.Equal(1, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync(a => a.ConversationId == conversation && a.OutboundId == null
            && a.ClientActivityId == "1733490000000same")));
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ChannelId == "directline" && x.ActivityId == id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_message_shown_but_not_stored_before_a_crash_is_stored_when_the_client_repeats_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = DirectLineTokenTests.App(db);
        var (client, conversation, token) = await StartKarisChatAsync(app);

        // The crash came between the echo and the inbox: the log holds the message, the inbox does not.
        var echo = new Activity
        {
            Type = ActivityTypes.Message,
            ChannelId = DirectLineChannel.Id,
            ServiceUrl = "http://localhost",
            Conversation = new ConversationAccount { Id = conversation },
            From = new ChannelAccount { Id = "dl_demo-kari", Role = RoleTypes.User },
            Recipient = DirectLineChannel.Bot(),
            Text = "ja",
            ChannelData = System.Text.Json.JsonDocument.Parse("""{"clientActivityID":"1733490000000xyz"}""").RootElement.Clone(),
        };
        var logged = await app.Services.GetRequiredService<DirectLineStore>().AppendAsync(conversation, echo, outboundId: null, CancellationToken.None);
        Assert.Equal(0, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ActivityId == logged.ActivityId)));

        var repeat = await client.SayAsync(conversation, token, "ja", clientActivityId: "1733490000000xyz");

        Assert.Equal(logged.ActivityId, repeat);
        Assert.Equal(1, await app.WithDbAsync(d => d.Inbox.CountAsync(x => x.ChannelId == "directline" && x.ActivityId == logged.ActivityId)));
        Assert.Equal(1, await app.WithDbAsync(d => d.DirectLineActivities.CountAsync(a => a.ConversationId == conversation && a.OutboundId == null)));
    }

    /// <summary>Kari's web chat: a token from the secret, the conversation started (the greeting sent).</summary>
    private static async Task<(DirectLineClient Client, string Conversation, string Token)> StartKarisChatAsync(DialogueApp app)
    {
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");
        await client.StartAsync(generated.Token!);
        return (client, generated.ConversationId!, generated.Token!);
    }
}
