using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Auth;

/// <summary>
/// With an empty MicrosoftAppId there is no channel auth, so /api/messages takes requests made on this machine only:
/// a loopback address and no proxy forwarding headers. The in-process test server has no remote address at all and
/// counts as local. Anything else gets 403 with a message that says why.
/// </summary>
public sealed class LoopbackOnlyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.20.30")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Requests_from_a_loopback_address_are_accepted(string address)
    {
        await using var app = AuthTestHost.WithoutChannelAuth(_db, IPAddress.Parse(address));

        var posted = await app.PostAsync(Activities.Message("local", "hei"), bearer: null);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
    }

    [Fact]
    public async Task Requests_through_the_in_process_test_server_count_as_local()
    {
        await using var app = AuthTestHost.WithoutChannelAuth(_db, remote: null);

        var posted = await app.PostAsync(Activities.Message("in-process", "hei"), bearer: null);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("10.0.0.5")]
    [InlineData("2001:db8::5")]
    [InlineData("::ffff:192.0.2.1")]
    public async Task Requests_from_another_machine_get_403_and_are_not_stored(string address)
    {
        var logs = new CapturedLogs();
        await using var app = AuthTestHost.WithoutChannelAuth(_db, IPAddress.Parse(address), logs);

        var posted = await app.PostAsync(Activities.Message("remote", "hei"), bearer: null);

        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
        Assert.Equal("Forbidden", posted.ErrorCode);
        Assert.Contains("MicrosoftAppId is empty", posted.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(d => d.Inbox.CountAsync()));
        Assert.Contains(logs.Entries, e => e.Message.Contains("loopback check failed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-Forwarded-For", "198.51.100.4")]
    [InlineData("Forwarded", "for=198.51.100.4")]
    public async Task A_loopback_request_forwarded_by_a_proxy_or_tunnel_gets_403(string header, string value)
    {
        await using var app = AuthTestHost.WithoutChannelAuth(_db, IPAddress.Loopback);

        var posted = await app.PostAsync(Activities.Message("tunnel", "hei"), bearer: null, r => r.Headers.Add(header, value));

        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
    }

    [Fact]
    public async Task A_bearer_token_does_not_matter_without_an_app_id()
    {
        await using var app = AuthTestHost.WithoutChannelAuth(_db, IPAddress.Parse("203.0.113.7"));

        var posted = await app.PostAsync(Activities.Message("remote-token", "hei"), bearer: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln");

        Assert.Equal(HttpStatusCode.Forbidden, posted.Status);
    }
}
