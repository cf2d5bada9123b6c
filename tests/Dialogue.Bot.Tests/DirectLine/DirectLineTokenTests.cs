using System.Net;
using System.Text.Json.Nodes;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.DirectLine;

/// <summary>Direct Line tokens: generated only with the secret, scoped to one conversation and user, refreshed, and refused once expired.</summary>
public sealed class DirectLineTokenTests
{
    public const string Secret = "test-directline-secret-0123456789";

    public static DialogueApp App(TestDatabase db, string? secret = Secret) =>
        new(db, host: h => h.UseSetting("DirectLine:Secret", secret ?? string.Empty));

    [Fact]
    public async Task The_secret_generates_a_token_for_a_new_conversation_and_the_chosen_user()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);

        var generated = await client.GenerateAsync(Secret, "dl_demo-kari");

        Assert.False(string.IsNullOrEmpty(generated.ConversationId));
        Assert.Equal(3600, generated.ExpiresIn);
        var claims = DirectLineClient.Claims(generated.Token!);
        Assert.Equal("dl_demo-kari", (string?)claims["user"]);
        Assert.Equal(generated.ConversationId, (string?)claims["conv"]);
        Assert.Equal(app.Clock.Now.AddHours(1).ToUnixTimeSeconds(), (long)claims["exp"]!);
    }

    [Fact]
    public async Task Without_a_chosen_user_the_token_gets_a_fresh_dl_user_id_each_time()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);

        var first = DirectLineClient.Claims((await client.GenerateAsync(Secret)).Token!);
        var second = DirectLineClient.Claims((await client.GenerateAsync(Secret)).Token!);

        Assert.StartsWith("dl_", (string?)first["user"], StringComparison.Ordinal);
        Assert.NotEqual((string?)first["user"], (string?)second["user"]);
        Assert.NotEqual((string?)first["conv"], (string?)second["conv"]);
    }

    [Theory]
    [InlineData("not-the-secret")]
    [InlineData(Secret + "x")]
    [InlineData("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.AAAA")]
    public async Task A_wrong_secret_is_refused_with_403_and_an_error_body(string wrong)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);

        using var response = await client.SendAsync(HttpMethod.Post, "/tokens/generate", wrong);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await DirectLineClient.ReadAsync<ErrorResponse>(response);
        Assert.False(string.IsNullOrEmpty(error.Error?.Code));
        Assert.False(string.IsNullOrEmpty(error.Error?.Message));
    }

    [Fact]
    public async Task No_authorization_header_is_401()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);

        using var response = await new DirectLineClient(app).SendAsync(HttpMethod.Post, "/conversations", bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_secret_nothing_can_generate_tokens_not_even_an_empty_bearer()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db, secret: null);
        var client = new DirectLineClient(app);

        using var guess = await client.SendAsync(HttpMethod.Post, "/tokens/generate", "anything");
        using var empty = await client.SendAsync(HttpMethod.Post, "/tokens/generate", string.Empty);

        Assert.Equal(HttpStatusCode.Forbidden, guess.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, empty.StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_generate_tokens()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);
        var token = (await client.GenerateAsync(Secret)).Token!;

        using var response = await client.SendAsync(HttpMethod.Post, "/tokens/generate", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Refreshing_gives_a_new_token_for_the_same_conversation_and_user_that_outlives_the_old_one()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret, "dl_someone");
        app.Clock.Now += TimeSpan.FromMinutes(50);

        using var refreshResponse = await client.SendAsync(HttpMethod.Post, "/tokens/refresh", generated.Token);
        Assert.Equal(HttpStatusCode.OK, refreshResponse.StatusCode);
        var refreshed = await DirectLineClient.ReadAsync<DirectLineConversation>(refreshResponse);
        app.Clock.Now += TimeSpan.FromMinutes(50);

        Assert.NotEqual(generated.Token, refreshed.Token);
        Assert.Equal(generated.ConversationId, refreshed.ConversationId);
        Assert.Equal("dl_someone", (string?)DirectLineClient.Claims(refreshed.Token!)["user"]);
        using var withNew = await client.SendAsync(HttpMethod.Get, $"/conversations/{generated.ConversationId}/activities", refreshed.Token);
        using var withOld = await client.SendAsync(HttpMethod.Get, $"/conversations/{generated.ConversationId}/activities", generated.Token);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_cannot_be_refreshed_or_used()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);
        var generated = await client.GenerateAsync(Secret);
        app.Clock.Now += TimeSpan.FromHours(1);

        using var refresh = await client.SendAsync(HttpMethod.Post, "/tokens/refresh", generated.Token);
        using var start = await client.SendAsync(HttpMethod.Post, "/conversations", generated.Token);

        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
        Assert.Equal("TokenExpired", (await DirectLineClient.ReadAsync<ErrorResponse>(refresh)).Error?.Code);
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
    }

    [Fact]
    public async Task A_token_for_one_conversation_is_refused_on_another()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);
        var mine = await client.GenerateAsync(Secret);
        var theirs = await client.GenerateAsync(Secret);
        await client.StartAsync(theirs.Token!);

        using var read = await client.SendAsync(HttpMethod.Get, $"/conversations/{theirs.ConversationId}/activities", mine.Token);
        using var post = await client.SendAsync(HttpMethod.Post, $"/conversations/{theirs.ConversationId}/activities", mine.Token,
            new JsonObject { ["type"] = "message", ["text"] = "hei" });
        using var reconnect = await client.SendAsync(HttpMethod.Get, $"/conversations/{theirs.ConversationId}", mine.Token);

        Assert.All([read, post, reconnect], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal("Forbidden", (await DirectLineClient.ReadAsync<ErrorResponse>(read)).Error?.Code);
    }

    [Fact]
    public async Task A_token_with_a_changed_user_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = App(db);
        var client = new DirectLineClient(app);
        var token = (await client.GenerateAsync(Secret, "dl_nobody")).Token!;
        var parts = token.Split('.');
        var claims = DirectLineClient.Claims(token);
        claims["user"] = "dl_demo-kari";
        var forged = $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        using var response = await client.SendAsync(HttpMethod.Post, "/conversations", forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_secret_never_reaches_the_logs_even_at_debug()
    {
        var logs = new CapturingLoggerProvider();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db,
            services => services.AddSingleton<ILoggerProvider>(logs),
            host =>
            {
                host.UseSetting("DirectLine:Secret", Secret);
                host.UseSetting("Logging:LogLevel:Default", "Debug");
            });
        var client = new DirectLineClient(app);

        var (_, started) = await client.StartAsync(Secret, new JsonObject { ["user"] = new JsonObject { ["id"] = "dl_logged" } });
        await client.SayAsync(started.ConversationId!, Secret, "hei");
        await client.WaitForAsync(started.ConversationId!, Secret, 3);
        using var wrong = await client.SendAsync(HttpMethod.Post, "/tokens/generate", Secret + "-wrong");

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tokens_from_another_secret_are_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var other = App(db, "another-secret-entirely");
        var foreign = (await new DirectLineClient(other).GenerateAsync("another-secret-entirely")).Token!;
        await using var app = App(db);

        using var response = await new DirectLineClient(app).SendAsync(HttpMethod.Post, "/conversations", foreign);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(Entries);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(System.Collections.Concurrent.ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(formatter(state, exception) + " " + exception);
    }
}
