using System.Net;
using Dialogue.Bot.Auth;
using Dialogue.Bot.Channels;
using Dialogue.Bot.Hosting;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Bot.Tests.Auth;

/// <summary>
/// Replies to the Bot Connector carry the bot's own client-credentials token (MicrosoftAppId/MicrosoftAppPassword),
/// fetched once and reused until shortly before it expires. A token that cannot be had means "try again later", never
/// a lost reply. Without an app id, replies carry no token.
/// </summary>
public sealed class OutboundAuthTests : IDisposable
{
    private readonly BotFrameworkFake _login = new();
    private readonly RecordingConnector _connector = new();
    private readonly FakeClock _clock = new();
    private readonly ServiceProvider _http;

    public OutboundAuthTests()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(BotFrameworkAuth.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _login);
        services.AddHttpClient(ConnectorTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _connector);
        _http = services.BuildServiceProvider();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_reply_carries_the_bots_client_credentials_token()
    {
        var transport = Transport();

        var result = await transport.SendAsync(Reply(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal("Bearer bot-token-1", Assert.Single(_connector.Received).Authorization);
        Assert.Equal("client_credentials", _login.LastTokenRequest["grant_type"]);
        Assert.Equal(BotFrameworkFake.AppId, _login.LastTokenRequest["client_id"]);
        Assert.Equal(BotFrameworkFake.AppPassword, _login.LastTokenRequest["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", _login.LastTokenRequest["scope"]);
    }

    [Fact]
    public async Task One_token_serves_many_replies()
    {
        var transport = Transport();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(DeliveryOutcome.Sent, (await transport.SendAsync(Reply(), CancellationToken.None)).Outcome);
            _clock.Now += TimeSpan.FromMinutes(10);
        }

        Assert.Equal(1, _login.TokenFetches);
        Assert.All(_connector.Received, r => Assert.Equal("Bearer bot-token-1", r.Authorization));
    }

    [Fact]
    public async Task A_new_token_is_fetched_shortly_before_the_old_one_expires()
    {
        var transport = Transport();
        await transport.SendAsync(Reply(), CancellationToken.None);

        _clock.Now += TimeSpan.FromMinutes(54);
        await transport.SendAsync(Reply(), CancellationToken.None);
        _clock.Now += TimeSpan.FromMinutes(2); // 56 minutes into a 60-minute token
        await transport.SendAsync(Reply(), CancellationToken.None);

        Assert.Equal(2, _login.TokenFetches);
        Assert.Equal(["Bearer bot-token-1", "Bearer bot-token-1", "Bearer bot-token-2"], _connector.Received.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Senders_at_the_same_time_share_one_token_fetch()
    {
        var tokens = Tokens();
        _login.HoldTokens = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var waiting = Enumerable.Range(0, 8).Select(_ => tokens.GetAsync(CancellationToken.None)).ToList();
        _login.HoldTokens.SetResult();
        var got = await Task.WhenAll(waiting);

        Assert.Equal(1, _login.TokenFetches);
        Assert.All(got, t => Assert.Equal("bot-token-1", t));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task A_failed_token_fetch_means_retry_later_and_nothing_is_sent(HttpStatusCode failure)
    {
        var transport = Transport();
        _login.TokenFailures.Enqueue(failure);

        var failed = await transport.SendAsync(Reply(), CancellationToken.None);
        var retried = await transport.SendAsync(Reply(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, failed.Outcome);
        Assert.Contains("token", failed.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(BotFrameworkFake.AppPassword, failed.Error, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Sent, retried.Outcome);
        Assert.Equal("Bearer bot-token-1", Assert.Single(_connector.Received).Authorization);
    }

    [Fact]
    public async Task A_token_the_connector_refuses_is_dropped_and_the_reply_is_retried_with_a_new_one()
    {
        var transport = Transport();
        _connector.Failures.Enqueue(HttpStatusCode.Unauthorized);

        var refused = await transport.SendAsync(Reply(), CancellationToken.None);
        var retried = await transport.SendAsync(Reply(), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, refused.Outcome);
        Assert.Equal(DeliveryOutcome.Sent, retried.Outcome);
        Assert.Equal(["Bearer bot-token-1", "Bearer bot-token-2"], _connector.Received.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Without_an_app_id_replies_carry_no_token()
    {
        var transport = Transport(appId: string.Empty);

        var result = await transport.SendAsync(Reply("http://connector.test/"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Null(Assert.Single(_connector.Received).Authorization);
        Assert.Equal(0, _login.TokenFetches);
    }

    [Fact]
    public async Task The_token_is_never_sent_over_plain_http_to_another_machine()
    {
        var transport = Transport();

        var remote = await transport.SendAsync(Reply("http://connector.test/"), CancellationToken.None);
        var local = await transport.SendAsync(Reply("http://localhost:3978/"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Rejected, remote.Outcome);
        Assert.Equal(DeliveryOutcome.Sent, local.Outcome);
        Assert.Equal("localhost", Assert.Single(_connector.Received).Url.Host);
    }

    [Theory]
    [InlineData("", null, "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData("0f1e2d3c-tenant", null, "https://login.microsoftonline.com/0f1e2d3c-tenant/oauth2/v2.0/token")]
    [InlineData("0f1e2d3c-tenant", "https://login.example/token", "https://login.example/token")]
    public void The_token_endpoint_follows_the_tenant_unless_configured(string tenant, string? configured, string expected)
    {
        var settings = new BotFrameworkSettings { TokenEndpoint = configured };

        Assert.Equal(expected, settings.TokenEndpointFor(tenant).AbsoluteUri);
    }

    [Fact]
    public async Task Replies_through_the_outbox_carry_the_token()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var key = new TestSigningKey("key-1", AuthNames.Channel);
        _login.Keys.Add(key);
        await using var app = AuthTestHost.WithChannelAuth(db, _login, _connector);

        var posted = await app.PostAsync(AuthTestHost.Message("outbound", AuthNames.SecureServiceUrl, expectReplies: false),
            ChannelTokens.Create(key, app.Clock, AuthNames.SecureServiceUrl));
        var received = await _connector.WaitForAsync(1);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.NotEmpty(received);
        Assert.All(received, r => Assert.Equal("Bearer bot-token-1", r.Authorization));
        Assert.All(received, r => Assert.StartsWith(AuthNames.SecureServiceUrl + "v3/conversations/outbound/activities", r.Url.AbsoluteUri, StringComparison.Ordinal));
        Assert.Equal(1, _login.TokenFetches);
    }

    private ConnectorTokens Tokens(string appId = BotFrameworkFake.AppId) => new(
        _http.GetRequiredService<IHttpClientFactory>(),
        new BotSettings
        {
            MicrosoftAppId = appId,
            MicrosoftAppPassword = BotFrameworkFake.AppPassword,
            BotFramework = new BotFrameworkSettings { TokenEndpoint = BotFrameworkFake.TokenUrl },
        },
        _clock,
        NullLogger<ConnectorTokens>.Instance);

    private ConnectorTransport Transport(string appId = BotFrameworkFake.AppId) =>
        new(_http.GetRequiredService<IHttpClientFactory>(), Tokens(appId), new Dialogue.Cases.Health.DependencyMonitor(_clock));

    private static OutboundActivity Reply(string serviceUrl = AuthNames.SecureServiceUrl) => new()
    {
        ChannelId = AuthNames.Channel,
        ConversationId = "conv-1",
        ServiceUrl = serviceUrl,
        ReplyToId = "act-1",
        ActivityJson = """{"type":"message","text":"Hei"}""",
    };
}
