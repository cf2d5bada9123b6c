using System.Net;
using System.Net.Sockets;
using Dialogue.Bot.Auth;
using Dialogue.Bot.Channels;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Health;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// The Bot Framework token endpoint refusing connections, then answering 503, then working again: replies to
/// serviceUrl conversations wait in the outbox (nothing goes to the Connector without a token), Bot Framework is shown
/// degraded (health, metrics, staff banner), and every reply goes out once, with a token, after it recovers.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TokenEndpointFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Replies_wait_while_the_token_endpoint_is_down_and_go_out_once_it_recovers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var login = new BotFrameworkFake();
        using var key = new TestSigningKey("key-1", AuthNames.Channel);
        login.Keys.Add(key);
        var outage = new TokenEndpointOutage(login) { Mode = TokenEndpointOutage.Down.Refused };
        var connector = new RecordingConnector();
        await using var app = new DialogueApp(database,
            services =>
            {
                services.AddHttpClient(BotFrameworkAuth.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => outage);
                services.AddHttpClient(ConnectorTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => connector);
            },
            host =>
            {
                foreach (var (name, value) in BotFrameworkFake.Settings())
                {
                    host.UseSetting(name, value);
                }

                host.UseSetting("Health:FactsInterval", "00:00:00.500");
            });
        using var meter = new DependencyMeter(app.Services);
        var client = app.CreateClient();
        var marte = await WorkspaceBrowser.SignInAsync(app, "Z990001");
        var banner = app.Services.GetRequiredService<WorkspaceTexts>()[StatusTexts.BotFramework];

        // 1. The token endpoint refuses connections. Messages come in (the channel's own token is fine) and are acknowledged.
        var conversations = Enumerable.Range(1, FaultScale.Times(3)).Select(i => $"token-outage-{i}").ToList();
        foreach (var conversation in conversations)
        {
            var token = ChannelTokens.Create(key, app.Clock, AuthNames.SecureServiceUrl);
            var posted = await app.PostAsync(AuthTestHost.Message(conversation, AuthNames.SecureServiceUrl, expectReplies: false), token);
            Assert.Equal(HttpStatusCode.OK, posted.Status);
        }

        Assert.True(await FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(db => db.Inbox.CountAsync(x => x.Status == InboundStatus.Processed)) == conversations.Count
            && meter.Failures("botframework", DependencyErrorKinds.Token) >= conversations.Count));
        var waiting = await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == AuthNames.Channel && x.Status == OutboundStatus.Pending));
        Assert.True(waiting >= conversations.Count);
        Assert.Empty(connector.Received);

        var ready = await ReadyReport.GetAsync(client);
        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal("Degraded", ready.Status);
        Assert.Equal("Degraded", ready.StateOf("botframework"));
        Assert.Equal(DependencyErrorKinds.Token, ready.ErrorKindOf("botframework"));
        Assert.Equal(1, meter.State("botframework"));
        var page = (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body;
        Assert.Contains("data-dependency=\"botframework\"", page, StringComparison.Ordinal);
        Assert.Contains(banner, page, StringComparison.Ordinal);

        // 2. It answers 503 now: still nothing is sent, the replies keep waiting.
        outage.Mode = TokenEndpointOutage.Down.ServerError;
        var refused = outage.Requests;
        app.Clock.Now += TimeSpan.FromMinutes(11);
        Assert.True(await FaultScale.EventuallyAsync(() => Task.FromResult(outage.Requests >= refused + conversations.Count)));
        Assert.Empty(connector.Received);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == AuthNames.Channel && x.Status != OutboundStatus.Pending)));

        // 3. It works again: every reply goes out once, with the bot's token, and the banner is gone.
        outage.Mode = TokenEndpointOutage.Down.No;
        app.Clock.Now += TimeSpan.FromMinutes(11);
        Assert.True(await FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == AuthNames.Channel && x.Status == OutboundStatus.Pending)) == 0));
        var rows = await app.WithDbAsync(db => db.Outbox.Where(x => x.ChannelId == AuthNames.Channel).ToListAsync());
        Assert.All(rows, r => Assert.Equal(OutboundStatus.Sent, r.Status));
        Assert.Equal(rows.Count, connector.Received.Count);
        Assert.All(connector.Received, r => Assert.StartsWith("Bearer bot-token-", r.Authorization, StringComparison.Ordinal));
        Assert.All(conversations, c => Assert.Contains(connector.Received, r => r.Url.AbsolutePath.Contains($"/v3/conversations/{c}/", StringComparison.Ordinal)));

        Assert.True(await FaultScale.EventuallyAsync(async () => (await ReadyReport.GetAsync(client)).Status == "Healthy"));
        Assert.Equal("Ok", (await ReadyReport.GetAsync(client)).StateOf("botframework"));
        Assert.DoesNotContain("data-dependency", (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);

        TestCounts.Report(output, "faults",
            $"Token endpoint down (scale {FaultScale.Factor}): {conversations.Count} messages acknowledged, {rows.Count} replies waited; " +
            $"token requests refused/failed: {meter.Failures("botframework", DependencyErrorKinds.Token)}; " +
            $"replies delivered after recovery: {connector.Received.Count} (duplicates 0, lost 0); token fetches that worked: {login.TokenFetches}.");
    }

    /// <summary>In front of <see cref="BotFrameworkFake"/>: the token endpoint refuses connections or answers 503 while told to; everything else passes.</summary>
    private sealed class TokenEndpointOutage(BotFrameworkFake login) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _login = new(login, disposeHandler: false);
        private int _requests;

        public enum Down
        {
            No,
            Refused,
            ServerError,
        }

        public Down Mode { get; set; }

        /// <summary>Token requests that failed because of the outage.</summary>
        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsoluteUri == BotFrameworkFake.TokenUrl && Mode != Down.No)
            {
                Interlocked.Increment(ref _requests);
                return Mode == Down.Refused
                    ? throw new HttpRequestException("Connection refused (login.test:443)", new SocketException((int)SocketError.ConnectionRefused))
                    : Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            }

            return _login.SendAsync(request, cancellationToken);
        }
    }
}
