using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Tests.Auth;

/// <summary>
/// With MicrosoftAppId set, /api/messages takes only activities that come with a valid Bot Framework channel token
/// (the Bot Connector authentication spec): anything else is refused with 401 and a short JSON error, is never
/// stored, and leaves a log line that names the failed check but not the token.
/// </summary>
public sealed class InboundAuthTests : IAsyncLifetime
{
    private readonly BotFrameworkFake _login = new();
    private readonly TestSigningKey _key = new("key-1", "test", "webchat");
    private readonly CapturedLogs _logs = new();
    private TestDatabase _db = null!;
    private DialogueApp _app = null!;

    public async Task InitializeAsync()
    {
        _login.Keys.Add(_key);
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = AuthTestHost.WithChannelAuth(_db, _login, logs: _logs);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task A_valid_channel_token_is_accepted_and_the_turn_runs()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-ok", FakeConnector.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.NotEmpty(posted.Body!["activities"]!.AsArray());
        Assert.Equal(1, await StoredAsync());
    }

    [Fact]
    public async Task A_missing_authorization_header_gives_401_with_an_error_body()
    {
        var posted = await _app.PostAsync(AuthTestHost.Message("auth-none", FakeConnector.ServiceUrl), bearer: null);

        await AssertRefusedAsync(posted, "header");
        Assert.Equal("Bearer", posted.WwwAuthenticate);
    }

    [Fact]
    public async Task Another_authorization_scheme_gives_401()
    {
        var posted = await _app.PostAsync(AuthTestHost.Message("auth-basic", FakeConnector.ServiceUrl), bearer: null,
            r => r.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz"));

        await AssertRefusedAsync(posted, "header");
    }

    [Fact]
    public async Task A_token_that_is_not_a_jwt_gives_401()
    {
        var posted = await _app.PostAsync(AuthTestHost.Message("auth-junk", FakeConnector.ServiceUrl), "not-a-jwt");

        await AssertRefusedAsync(posted, "format");
    }

    [Fact]
    public async Task An_expired_token_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, validFrom: TimeSpan.FromHours(-2), validFor: TimeSpan.FromHours(1));

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-expired", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "lifetime");
        Assert.Contains("expired", posted.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_expired_within_the_clock_skew_is_still_accepted()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, validFrom: TimeSpan.FromMinutes(-62), validFor: TimeSpan.FromHours(1));

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-skew", FakeConnector.ServiceUrl), token);

        Assert.Equal(HttpStatusCode.OK, posted.Status);
    }

    [Fact]
    public async Task A_token_that_is_not_valid_yet_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, validFrom: TimeSpan.FromMinutes(10));

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-early", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "lifetime");
        Assert.Contains("not valid yet", posted.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_another_bot_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, audience: "another-bot-app-id");

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-aud", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "audience");
    }

    [Fact]
    public async Task A_token_from_another_issuer_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, issuer: "https://sts.windows.net/someone-else/");

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-iss", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "issuer");
    }

    [Fact]
    public async Task A_key_that_does_not_endorse_the_activitys_channel_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-endorse", FakeConnector.ServiceUrl, channelId: "msteams"), token);

        await AssertRefusedAsync(posted, "endorsement");
    }

    [Fact]
    public async Task A_key_without_an_endorsements_list_endorses_no_channel()
    {
        using var bare = new TestSigningKey("key-bare", endorsements: null);
        _login.Keys.Add(bare);
        var token = ChannelTokens.Create(bare, _app.Clock, FakeConnector.ServiceUrl);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-bare", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "endorsement");
    }

    [Fact]
    public async Task A_serviceUrl_that_differs_from_the_tokens_claim_gives_401()
    {
        var token = ChannelTokens.Create(_key, _app.Clock, "https://smba.trafficmanager.net/emea/");

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-url", "https://attacker.example/"), token);

        await AssertRefusedAsync(posted, "serviceUrl");
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_channel_does_not_list_gives_401()
    {
        using var stranger = new TestSigningKey("key-stranger", "test");
        var token = ChannelTokens.Create(stranger, _app.Clock, FakeConnector.ServiceUrl);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-unknown", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "signing key");
    }

    [Fact]
    public async Task A_token_with_a_known_key_id_but_a_forged_signature_gives_401()
    {
        using var forger = new TestSigningKey(_key.KeyId, "test");
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl, signWith: forger.Credentials);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-forged", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "signature");
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_gives_401()
    {
        var parts = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(BotFrameworkFake.AppId, "another-bot", StringComparison.Ordinal);
        var tampered = parts[0] + "." + Base64UrlEncoder.Encode(payload) + "." + parts[2];

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-tampered", FakeConnector.ServiceUrl), tampered);

        await AssertRefusedAsync(posted, "signature");
    }

    [Fact]
    public async Task An_hmac_token_keyed_with_the_public_key_is_refused()
    {
        // The classic algorithm confusion: sign with HS256 using the public key's bytes as the shared secret.
        var secret = new SymmetricSecurityKey(_key.Rsa.ExportSubjectPublicKeyInfo()) { KeyId = _key.KeyId };
        var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl,
            signWith: new SigningCredentials(secret, SecurityAlgorithms.HmacSha256));

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-hmac", FakeConnector.ServiceUrl), token);

        await AssertRefusedAsync(posted, "algorithm");
    }

    [Fact]
    public async Task Signing_keys_are_fetched_once_and_reused()
    {
        for (var i = 0; i < 3; i++)
        {
            var token = ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl);
            Assert.Equal(HttpStatusCode.OK, (await _app.PostAsync(AuthTestHost.Message($"auth-cache-{i}", FakeConnector.ServiceUrl), token)).Status);
        }

        Assert.Equal(1, _login.MetadataFetches);
        Assert.Equal(1, _login.KeyFetches);
    }

    [Fact]
    public async Task Signing_keys_are_fetched_again_after_the_refresh_interval()
    {
        await PostValidAsync("auth-refresh-1");
        _app.Clock.Now += TimeSpan.FromHours(25);

        await PostValidAsync("auth-refresh-2");

        Assert.Equal(2, _login.KeyFetches);
    }

    [Fact]
    public async Task A_rotated_key_is_fetched_when_a_token_first_names_it()
    {
        await PostValidAsync("auth-rotate-1");
        using var next = new TestSigningKey("key-2", "test");
        _login.Keys.Add(next);
        _app.Clock.Now += TimeSpan.FromMinutes(6);

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-rotate-2", FakeConnector.ServiceUrl),
            ChannelTokens.Create(next, _app.Clock, FakeConnector.ServiceUrl));

        Assert.Equal(HttpStatusCode.OK, posted.Status);
        Assert.Equal(2, _login.KeyFetches);
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_make_the_bot_fetch_keys_on_every_request()
    {
        await PostValidAsync("auth-flood-0");
        _app.Clock.Now += TimeSpan.FromMinutes(6);
        for (var i = 1; i <= 3; i++)
        {
            using var stranger = new TestSigningKey($"made-up-{i}", "test");
            var posted = await _app.PostAsync(AuthTestHost.Message($"auth-flood-{i}", FakeConnector.ServiceUrl),
                ChannelTokens.Create(stranger, _app.Clock, FakeConnector.ServiceUrl));
            Assert.Equal(HttpStatusCode.Unauthorized, posted.Status);
        }

        Assert.Equal(2, _login.KeyFetches); // the first and one early refresh for the first unknown key id
    }

    [Fact]
    public async Task Without_signing_keys_the_bot_answers_503_so_the_channel_retries()
    {
        _login.MetadataFailure = HttpStatusCode.InternalServerError;

        var posted = await _app.PostAsync(AuthTestHost.Message("auth-down", FakeConnector.ServiceUrl),
            ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.Status);
        Assert.Equal("ServiceUnavailable", posted.ErrorCode);
        Assert.NotNull(posted.RetryAfter);
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task When_a_refresh_fails_the_cached_keys_are_still_used()
    {
        await PostValidAsync("auth-stale-1");
        _login.MetadataFailure = HttpStatusCode.BadGateway;
        _app.Clock.Now += TimeSpan.FromHours(25);

        await PostValidAsync("auth-stale-2");

        Assert.Equal(2, _login.MetadataFetches);
    }

    private async Task PostValidAsync(string conversationId)
    {
        var posted = await _app.PostAsync(AuthTestHost.Message(conversationId, FakeConnector.ServiceUrl),
            ChannelTokens.Create(_key, _app.Clock, FakeConnector.ServiceUrl));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
    }

    private Task<int> StoredAsync() => _app.WithDbAsync(d => d.Inbox.CountAsync());

    private async Task AssertRefusedAsync(AuthTestHost.Posted posted, string check)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, posted.Status);
        Assert.Equal("Unauthorized", posted.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(posted.ErrorMessage));
        Assert.Equal(0, await StoredAsync());
        var refusal = Assert.Single(_logs.Entries, e => e.Message.StartsWith("Refused /api/messages", StringComparison.Ordinal));
        Assert.Contains($"{check} check failed", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("eyJ", StringComparison.Ordinal));
    }
}
