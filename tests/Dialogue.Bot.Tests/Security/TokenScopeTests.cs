using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.DirectLine;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;

namespace Dialogue.Bot.Tests.Security;

/// <summary>
/// Direct Line token scope, beyond the token tests: a token (or stream URL) for conversation A reaches nothing of B —
/// not its activities, its stream, or a refresh into it — a token cannot speak as another user, a stream URL is not a
/// bearer, and an expired token is refused everywhere with 403 TokenExpired.
/// </summary>
public sealed class TokenScopeTests
{
    private const string Secret = DirectLineTokenTests.Secret;

    [Fact]
    public async Task A_stream_url_for_one_conversation_does_not_open_another_and_is_not_a_bearer_token()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret);
        var theirs = await client.GenerateAsync(Secret);
        var (_, started) = await client.StartAsync(mine.Token!);
        await client.StartAsync(theirs.Token!);

        var streamUrl = new Uri(started.StreamUrl!);
        var streamToken = System.Web.HttpUtility.ParseQueryString(streamUrl.Query)["t"]!;
        var intoTheirs = streamUrl.ToString().Replace(mine.ConversationId!, theirs.ConversationId!, StringComparison.Ordinal);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(intoTheirs));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        using var socket = await client.ConnectAsync(streamUrl.ToString()); // the same URL on its own conversation works
        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);

        using var asBearer = await client.SendAsync(HttpMethod.Get, $"/conversations/{mine.ConversationId}/activities", streamToken);
        Assert.Equal(HttpStatusCode.Forbidden, asBearer.StatusCode);
    }

    [Fact]
    public async Task Refreshing_a_token_keeps_it_on_its_own_conversation_and_user()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret, "dl_mine");
        var theirs = await client.GenerateAsync(Secret, "dl_theirs");

        using var refresh = await client.SendAsync(HttpMethod.Post, "/tokens/refresh", mine.Token,
            new JsonObject { ["conversationId"] = theirs.ConversationId, ["user"] = new JsonObject { ["id"] = "dl_theirs" } });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var refreshed = await DirectLineClient.ReadAsync<DirectLineConversation>(refresh);
        Assert.Equal(mine.ConversationId, refreshed.ConversationId);
        var claims = DirectLineClient.Claims(refreshed.Token!);
        Assert.Equal(mine.ConversationId, (string?)claims["conv"]);
        Assert.Equal("dl_mine", (string?)claims["user"]);

        using var read = await client.SendAsync(HttpMethod.Get, $"/conversations/{theirs.ConversationId}/activities", refreshed.Token);
        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
    }

    [Fact]
    public async Task A_token_posts_as_its_own_user_whatever_from_id_says()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret, "dl_nobody");
        await client.StartAsync(mine.Token!);

        await client.SayAsync(mine.ConversationId!, mine.Token!, "hei", from: "dl_demo-kari");

        var set = await client.WaitForAsync(mine.ConversationId!, mine.Token!, 2);
        var echoed = set.Activities.Single(a => a.Text == "hei");
        Assert.Equal("dl_nobody", echoed.From?.Id);
        Assert.DoesNotContain(set.Activities, a => a.From?.Id == "dl_demo-kari");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_403_token_expired_on_every_conversation_call()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = DirectLineTokenTests.App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret);
        var (_, started) = await client.StartAsync(mine.Token!);
        app.Clock.Now += TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);

        using var get = await client.SendAsync(HttpMethod.Get, $"/conversations/{mine.ConversationId}/activities", mine.Token);
        using var post = await client.SendAsync(HttpMethod.Post, $"/conversations/{mine.ConversationId}/activities", mine.Token,
            new JsonObject { ["type"] = "message", ["text"] = "hei" });
        using var reconnect = await client.SendAsync(HttpMethod.Get, $"/conversations/{mine.ConversationId}", mine.Token);

        foreach (var response in new[] { get, post, reconnect })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("TokenExpired", (await DirectLineClient.ReadAsync<ErrorResponse>(response)).Error?.Code);
        }

        // The stream URL (5 minutes) has expired too.
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => client.ConnectAsync(started.StreamUrl!));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }
}
