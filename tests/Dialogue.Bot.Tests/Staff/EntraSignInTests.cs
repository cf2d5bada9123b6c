using System.Net;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Production sign-in: the app takes Entra ID access tokens (as Wonderwall or oauth2-proxy pass them on) only when the
/// issuer, audience, signature (keys from the tenant's metadata) and lifetime hold, and maps the groups claim to the
/// office and role. A valid token without a mapped office is signed in but sees nothing.
/// </summary>
public sealed class EntraSignInTests : IAsyncLifetime
{
    private readonly EntraFake _entra = new();
    private readonly TestSigningKey _key = new("entra-key-1", null);
    private readonly CapturedLogs _logs = new();
    private TestDatabase _db = null!;
    private DialogueApp _app = null!;

    public async Task InitializeAsync()
    {
        _entra.Keys.Add(_key);
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = StaffTestHost.Production(_db, _entra, _logs, settings: StaffTestHost.VerboseLogs);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
        _key.Dispose();
        _entra.Dispose();
    }

    [Fact]
    public async Task A_valid_token_gives_the_office_of_its_group_and_the_veileder_role()
    {
        var token = EntraTokens.Create(_key, _app.Clock, ident: "Z990001", name: "Lien, Marte", groups: [EntraFake.UnrelatedGroup, EntraFake.BaerumGroup]);

        var me = await _app.GetAsync("/veileder/api/me", token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Z990001", (string?)me.Json!["ident"]);
        Assert.Equal("Marte", (string?)me.Json!["firstName"]);
        Assert.Equal("Marte Lien", (string?)me.Json!["displayName"]);
        Assert.Equal("0219", (string?)me.Json!["office"]);
        Assert.Equal("Veileder", (string?)me.Json!["role"]);
        Assert.Equal("no-store", me.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_token_in_a_team_lead_group_is_a_team_lead_of_its_office()
    {
        var token = EntraTokens.Create(_key, _app.Clock, ident: "Z990011", name: "Lund, Per", groups: [EntraFake.GrunerlokkaGroup, EntraFake.TeamLeadGroup]);

        var me = await _app.GetAsync("/veileder/api/me", token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("0315", (string?)me.Json!["office"]);
        Assert.Equal("TeamLead", (string?)me.Json!["role"]);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync(StaffTestHost.LeadApi, token)).Status);
    }

    [Theory]
    [InlineData("TeamLead")]
    [InlineData("Dialogue.TeamLead")]
    public async Task The_team_lead_app_role_makes_a_team_lead(string role)
    {
        var token = EntraTokens.Create(_key, _app.Clock, groups: [EntraFake.BaerumGroup], roles: [role]);

        var me = await _app.GetAsync("/veileder/api/me", token);

        Assert.Equal("TeamLead", (string?)me.Json!["role"]);
    }

    [Fact]
    public async Task A_veileder_is_refused_what_needs_a_team_lead()
    {
        var token = EntraTokens.Create(_key, _app.Clock, roles: ["SomethingElse"]);

        var api = await _app.GetAsync(StaffTestHost.LeadApi, token);
        var page = await _app.GetAsync(StaffTestHost.LeadPage, token);

        Assert.Equal(HttpStatusCode.Forbidden, api.Status);
        Assert.Equal("Forbidden", api.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Du har ikke tilgang", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audience_may_be_the_app_id_uri()
    {
        var token = EntraTokens.Create(_key, _app.Clock, audience: $"api://{EntraFake.ClientId}");

        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/veileder/api/me", token)).Status);
    }

    [Fact]
    public async Task A_token_without_an_office_group_is_signed_in_but_gets_403_everywhere()
    {
        var token = EntraTokens.Create(_key, _app.Clock, groups: [EntraFake.UnrelatedGroup, EntraFake.TeamLeadGroup]);

        var api = await _app.GetAsync("/veileder/api/me", token);
        var page = await _app.GetAsync(StaffTestHost.Page, token);

        Assert.Equal(HttpStatusCode.Forbidden, api.Status);
        Assert.Equal("Forbidden", api.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("Du er logget inn, men har ikke tilgang.", page.Body, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.Message.Contains("NoOfficeGroup", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_without_an_office_group_reads_no_data_and_nothing_is_audited_for_it()
    {
        var token = EntraTokens.Create(_key, _app.Clock, groups: [EntraFake.UnrelatedGroup]);

        foreach (var path in new[] { "/veileder", "/veileder/api/escalations", "/veileder/api/contact-requests", $"/veileder/api/handoffs/{Guid.NewGuid():D}", $"/veileder/samtaler/{Guid.NewGuid():D}" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await _app.GetAsync(path, token)).Status);
        }

        Assert.Equal(0, await _app.WithDbAsync(d => d.AccessAudit.CountAsync()));
    }

    [Fact]
    public async Task A_token_with_the_tenants_v1_issuer_gives_401()
    {
        var token = EntraTokens.Create(_key, _app.Clock, issuer: $"https://sts.windows.net/{EntraFake.TenantId}/");

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_with_groups_of_two_offices_gets_403()
    {
        var token = EntraTokens.Create(_key, _app.Clock, groups: [EntraFake.BaerumGroup, EntraFake.GrunerlokkaGroup]);

        Assert.Equal(HttpStatusCode.Forbidden, (await _app.GetAsync("/veileder/api/me", token)).Status);
    }

    [Fact]
    public async Task A_token_without_a_nav_ident_gets_403()
    {
        var token = EntraTokens.Create(_key, _app.Clock, ident: null);

        Assert.Equal(HttpStatusCode.Forbidden, (await _app.GetAsync("/veileder/api/me", token)).Status);
    }

    [Fact]
    public async Task An_expired_token_gives_401()
    {
        var token = EntraTokens.Create(_key, _app.Clock, validFrom: TimeSpan.FromHours(-2), validFor: TimeSpan.FromHours(1));

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task The_lifetime_is_checked_on_the_apps_clock_with_a_small_skew()
    {
        var token = EntraTokens.Create(_key, _app.Clock, validFrom: TimeSpan.FromMinutes(-10), validFor: TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/veileder/api/me", token)).Status);

        _app.Clock.Now += TimeSpan.FromMinutes(10.5); // expired 30 s ago: inside the one minute of skew
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/veileder/api/me", token)).Status);

        _app.Clock.Now += TimeSpan.FromMinutes(1);
        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_that_is_not_valid_yet_gives_401()
    {
        var token = EntraTokens.Create(_key, _app.Clock, validFrom: TimeSpan.FromMinutes(10));

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_for_another_app_gives_401()
    {
        var token = EntraTokens.Create(_key, _app.Clock, audience: "00000003-0000-0000-c000-000000000000");

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_from_another_tenant_gives_401()
    {
        var token = EntraTokens.Create(_key, _app.Clock, issuer: "https://login.microsoftonline.com/another-tenant/v2.0");

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_with_a_forged_signature_gives_401()
    {
        using var forger = new TestSigningKey(_key.KeyId, null);
        var token = EntraTokens.Create(_key, _app.Clock, signWith: forger.Credentials);

        await AssertUnauthorizedAsync(token);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_gives_401()
    {
        var parts = EntraTokens.Create(_key, _app.Clock, groups: [EntraFake.UnrelatedGroup]).Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace(EntraFake.UnrelatedGroup, EntraFake.BaerumGroup, StringComparison.Ordinal);

        await AssertUnauthorizedAsync($"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}");
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_tenant_does_not_list_gives_401()
    {
        using var stranger = new TestSigningKey("not-in-the-jwks", null);

        await AssertUnauthorizedAsync(EntraTokens.Create(stranger, _app.Clock));
    }

    [Fact]
    public async Task An_hmac_token_keyed_with_the_public_key_is_refused()
    {
        var secret = new SymmetricSecurityKey(_key.Rsa.ExportSubjectPublicKeyInfo()) { KeyId = _key.KeyId };

        await AssertUnauthorizedAsync(EntraTokens.Create(_key, _app.Clock, signWith: new SigningCredentials(secret, SecurityAlgorithms.HmacSha256)));
    }

    [Fact]
    public async Task A_rotated_signing_key_is_picked_up_from_the_metadata()
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/veileder/api/me", EntraTokens.Create(_key, _app.Clock))).Status);
        using var next = new TestSigningKey("entra-key-2", null);
        lock (_entra.Keys)
        {
            _entra.Keys.Add(next);
        }

        // An unknown key id makes the handler fetch the keys again (in the background: the request that found it may
        // still be refused, the next ones are not).
        var token = EntraTokens.Create(next, _app.Clock);
        var status = HttpStatusCode.Unauthorized;
        for (var attempt = 0; attempt < 50 && status != HttpStatusCode.OK; attempt++)
        {
            status = (await _app.GetAsync("/veileder/api/me", token)).Status;
            await Task.Delay(status == HttpStatusCode.OK ? 0 : 100);
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(_entra.KeyFetches >= 2);
    }

    [Fact]
    public async Task Without_a_token_the_api_gives_401_and_a_page_sends_you_to_the_platforms_login()
    {
        var api = await _app.GetAsync("/veileder/api/me");
        var page = await _app.GetAsync(StaffTestHost.Page + "?sak=1");

        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("Unauthorized", api.ErrorCode);
        Assert.Equal("Bearer", api.WwwAuthenticate);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/oauth2/login?redirect=%2Fveileder%2Ftest-page%3Fsak%3D1", page.Location);
    }

    [Fact]
    public async Task A_bad_token_on_a_page_sends_you_to_sign_in_again()
    {
        var page = await _app.GetAsync(StaffTestHost.Page, EntraTokens.Create(_key, _app.Clock, audience: "someone-else"));

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/oauth2/login?redirect=", page.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_opens_a_workspace_page()
    {
        var page = await _app.GetAsync(StaffTestHost.Page, EntraTokens.Create(_key, _app.Clock));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("page for Z990001", page.Body);
    }

    [Fact]
    public async Task Tokens_are_never_logged()
    {
        var good = EntraTokens.Create(_key, _app.Clock);
        var expired = EntraTokens.Create(_key, _app.Clock, validFrom: TimeSpan.FromHours(-3));
        var noOffice = EntraTokens.Create(_key, _app.Clock, groups: []);
        foreach (var token in new[] { good, expired, noOffice })
        {
            await _app.GetAsync("/veileder/api/me", token);
        }

        Assert.NotEmpty(_logs.Entries);
        foreach (var token in new[] { good, expired, noOffice })
        {
            var signature = token.Split('.')[2];
            Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(signature, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_channel_endpoint_does_not_try_staff_sign_in()
    {
        // /api/messages has its own Bearer tokens: the staff schemes must not look at them (no default scheme).
        var posted = await _app.PostAsync(Activities.Message("staff-auth-channel", "hei"), EntraTokens.Create(_key, _app.Clock));

        Assert.NotEqual(HttpStatusCode.InternalServerError, posted.Status);
        Assert.Equal(0, _entra.MetadataFetches);
    }

    private async Task AssertUnauthorizedAsync(string token)
    {
        var api = await _app.GetAsync("/veileder/api/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("Unauthorized", api.ErrorCode);
        Assert.Equal("Bearer", api.WwwAuthenticate);
    }
}
