using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Development sign-in: the veiledere in the (demo) database sign in with the documented password, in a browser (a
/// cookie from /veileder/login) or from a script (a dev token as Bearer). Wrong passwords get nothing, and repeated
/// failures lock the ident for a while.
/// </summary>
public sealed class DevSignInTests : IAsyncLifetime
{
    private const string Password = StaffAuthSettings.DefaultDevPassword;

    private readonly CapturedLogs _logs = new();
    private TestDatabase _db = null!;
    private DialogueApp _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _app = StaffTestHost.Development(_db, _logs, settings: StaffTestHost.VerboseLogs);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task The_login_page_is_norwegian_with_ident_and_password_fields()
    {
        var page = await _app.GetAsync("/veileder/login");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<html lang=\"nb\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("<label for=\"ident\">NAV-ident</label>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<label for=\"password\">Passord</label>", page.Body, StringComparison.Ordinal);
        Assert.Contains(">Logg inn</button>", page.Body, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_with_the_documented_password_sets_a_cookie_that_works_for_the_api()
    {
        using var browser = _app.Browser();

        var login = await LoginAsync(browser, "Z990001", Password, redirect: "/veileder/test-page?x=1");
        var me = await _app.GetAsync("/veileder/api/me", client: browser);

        Assert.Equal(HttpStatusCode.SeeOther, login.Status);
        Assert.Equal("/veileder/test-page?x=1", login.Location);
        var cookie = Assert.Single(login.SetCookies, c => c.StartsWith(StaffAuthHosting.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/veileder", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Z990001", (string?)me.Json!["ident"]);
        Assert.Equal("Marte", (string?)me.Json!["firstName"]);
        Assert.Equal("Marte Lien", (string?)me.Json!["displayName"]);
        Assert.Equal("0219", (string?)me.Json!["office"]);
        Assert.Equal("Veileder", (string?)me.Json!["role"]);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync(StaffTestHost.Page, client: browser)).Status);
    }

    [Fact]
    public async Task Over_https_the_cookie_is_secure()
    {
        using var browser = _app.Browser("https://localhost");

        var login = await LoginAsync(browser, "Z990001", Password);

        Assert.Contains("secure", Assert.Single(login.SetCookies), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await _app.GetAsync("/veileder/api/me", client: browser)).Status);
    }

    [Theory]
    [InlineData("Z990010", "0219", "TeamLead", "Hilde")]
    [InlineData("z990003", "0315", "Veileder", "Amina")]
    [InlineData(" Z990011 ", "0315", "TeamLead", "Per")]
    public async Task Each_demo_account_signs_in_with_its_office_and_role(string ident, string office, string role, string firstName)
    {
        using var browser = _app.Browser();

        await LoginAsync(browser, ident, Password);
        var me = await _app.GetAsync("/veileder/api/me", client: browser);

        Assert.Equal(office, (string?)me.Json!["office"]);
        Assert.Equal(role, (string?)me.Json!["role"]);
        Assert.Equal(firstName, (string?)me.Json!["firstName"]);
    }

    [Theory]
    [InlineData("Z990001", "wrong-password")]
    [InlineData("Z990001", "")]
    [InlineData("Z999999", Password)]
    [InlineData("", Password)]
    public async Task A_wrong_ident_or_password_shows_the_error_and_sets_no_cookie(string ident, string password)
    {
        using var browser = _app.Browser();

        var login = await LoginAsync(browser, ident, password);
        var me = await _app.GetAsync("/veileder/api/me", client: browser);

        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Contains("Feil ident eller passord.", login.Body, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", login.Body, StringComparison.Ordinal);
        Assert.Empty(login.SetCookies);
        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
    }

    [Fact]
    public async Task Ten_failures_lock_the_ident_for_fifteen_minutes_even_with_the_right_password()
    {
        using var browser = _app.Browser();
        for (var i = 0; i < 10; i++)
        {
            await LoginAsync(browser, "Z990002", $"guess-{i}");
        }

        var locked = await LoginAsync(browser, "Z990002", Password);
        var lockedToken = await DevTokenAsync("Z990002", Password);
        var other = await LoginAsync(_app.Browser(), "Z990001", Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        Assert.Contains("Du har prøvd for mange ganger.", locked.Body, StringComparison.Ordinal);
        Assert.Empty(locked.SetCookies);
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedToken.Status);
        Assert.Equal(HttpStatusCode.SeeOther, other.Status);

        _app.Clock.Now += TimeSpan.FromMinutes(15);
        Assert.Equal(HttpStatusCode.SeeOther, (await LoginAsync(browser, "Z990002", Password)).Status);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        using var browser = _app.Browser();
        await LoginAsync(browser, "Z990001", Password);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/veileder/logout");
        var logout = await StaffTestHost.SendAsync(browser, request);

        Assert.Equal(HttpStatusCode.SeeOther, logout.Status);
        Assert.Equal("/veileder/login", logout.Location);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.GetAsync("/veileder/api/me", client: browser)).Status);
    }

    [Fact]
    public async Task The_cookie_expires_after_eight_hours_without_use()
    {
        using var browser = _app.Browser();
        await LoginAsync(browser, "Z990001", Password);

        _app.Clock.Now += TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.GetAsync("/veileder/api/me", client: browser)).Status);
    }

    [Fact]
    public async Task After_signing_in_you_only_go_back_to_a_workspace_page()
    {
        foreach (var redirect in new[] { "https://evil.example/", "//evil.example/veileder", "/api/messages", "/\\evil.example" })
        {
            var login = await LoginAsync(_app.Browser(), "Z990001", Password, redirect);

            Assert.Equal("/veileder", login.Location);
        }
    }

    [Fact]
    public async Task A_login_form_posted_from_another_site_is_refused()
    {
        using var browser = _app.Browser();

        var login = await LoginAsync(browser, "Z990001", Password, adjust: r => r.Headers.Add("Origin", "https://evil.example"));

        Assert.Equal(HttpStatusCode.Forbidden, login.Status);
        Assert.Empty(login.SetCookies);
    }

    [Fact]
    public async Task A_browser_posting_the_form_from_our_own_no_referrer_page_is_let_in_but_a_null_origin_alone_is_not()
    {
        // Chromium sends "Origin: null" for a form post from a page with Referrer-Policy: no-referrer, like ours.
        var ours = await LoginAsync(_app.Browser(), "Z990001", Password, adjust: r =>
        {
            r.Headers.Add("Origin", "null");
            r.Headers.Add("Sec-Fetch-Site", "same-origin");
        });
        var unknown = await LoginAsync(_app.Browser(), "Z990001", Password, adjust: r => r.Headers.Add("Origin", "null"));
        var crossSite = await LoginAsync(_app.Browser(), "Z990001", Password, adjust: r =>
        {
            r.Headers.Add("Origin", "null");
            r.Headers.Add("Sec-Fetch-Site", "cross-site");
        });

        Assert.Equal(HttpStatusCode.SeeOther, ours.Status);
        Assert.NotEmpty(ours.SetCookies);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.Status);
        Assert.Empty(crossSite.SetCookies);
    }

    [Fact]
    public async Task A_dev_token_works_as_a_bearer_token_for_an_hour()
    {
        var issued = await DevTokenAsync("Z990003", Password);

        Assert.Equal(HttpStatusCode.OK, issued.Status);
        Assert.Equal("Bearer", (string?)issued.Json!["token_type"]);
        Assert.Equal(3600, (int?)issued.Json!["expires_in"]);
        var token = (string)issued.Json!["access_token"]!;
        var me = await _app.GetAsync("/veileder/api/me", token);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("Z990003", (string?)me.Json!["ident"]);
        Assert.Equal("0315", (string?)me.Json!["office"]);

        _app.Clock.Now += TimeSpan.FromMinutes(62);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.GetAsync("/veileder/api/me", token)).Status);
    }

    [Fact]
    public async Task A_dev_token_with_a_wrong_password_gives_401()
    {
        var issued = await DevTokenAsync("Z990003", "nope");

        Assert.Equal(HttpStatusCode.Unauthorized, issued.Status);
        Assert.Equal("Unauthorized", issued.ErrorCode);
    }

    [Fact]
    public async Task A_dev_token_signed_with_another_key_gives_401()
    {
        var settings = new StaffAuthSettings { DevSigningKey = new string('k', 40) };
        var forged = new DevTokens(settings, _app.Clock).Issue(new StaffUser(new("Z990010"), "Hilde", "Hilde Vik", new("0219"), Dialogue.Plan.Domain.StaffRole.TeamLead));

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.GetAsync("/veileder/api/me", forged)).Status);
    }

    [Fact]
    public async Task Without_sign_in_the_api_gives_401_and_a_page_sends_you_to_the_login_page()
    {
        var api = await _app.GetAsync("/veileder/api/me");
        var page = await _app.GetAsync(StaffTestHost.Page);

        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("Unauthorized", api.ErrorCode);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/veileder/login?redirect=%2Fveileder%2Ftest-page", page.Location);
    }

    [Fact]
    public async Task The_login_page_keeps_where_to_go_back_to()
    {
        var page = await _app.GetAsync("/veileder/login?redirect=%2Fveileder%2Ftest-page");

        Assert.Contains("name=\"redirect\" value=\"/veileder/test-page\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_veileder_signed_in_by_cookie_is_refused_team_lead_pages()
    {
        using var browser = _app.Browser();
        await LoginAsync(browser, "Z990001", Password);

        var page = await _app.GetAsync(StaffTestHost.LeadPage, client: browser);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Du har ikke tilgang", page.Body, StringComparison.Ordinal);
        Assert.Contains("action=\"/veileder/logout\"", page.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_and_tokens_are_never_logged()
    {
        await LoginAsync(_app.Browser(), "Z990001", "my-secret-guess");
        await LoginAsync(_app.Browser(), "typed-my-password-here", Password);
        await LoginAsync(_app.Browser(), "Z990001", Password);
        var token = (string)(await DevTokenAsync("Z990001", Password)).Json!["access_token"]!;
        await _app.GetAsync("/veileder/api/me", token);

        Assert.Contains(_logs.Entries, e => e.Message.Contains("Z990001", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(Password, StringComparison.Ordinal)
            || e.Message.Contains("my-secret-guess", StringComparison.Ordinal)
            || e.Message.Contains("typed-my-password-here", StringComparison.Ordinal)
            || e.Message.Contains(token.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Development_with_entra_configured_takes_both_entra_and_dev_tokens()
    {
        using var entra = new EntraFake();
        using var key = new TestSigningKey("entra-dev", null);
        entra.Keys.Add(key);
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Development(db, entra: entra);

        var entraMe = await app.GetAsync("/veileder/api/me", EntraTokens.Create(key, app.Clock, ident: "Z990003", groups: [EntraFake.GrunerlokkaGroup]));
        using var client = app.Browser();
        using var response = await client.PostAsJsonAsync("/veileder/api/dev-token", new { ident = "Z990001", password = Password });
        var devToken = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!;
        var devMe = await app.GetAsync("/veileder/api/me", devToken);

        Assert.Equal("0315", (string?)entraMe.Json!["office"]);
        Assert.Equal("0219", (string?)devMe.Json!["office"]);
    }

    private async Task<StaffTestHost.Response> LoginAsync(
        HttpClient browser, string ident, string password, string? redirect = null, Action<HttpRequestMessage>? adjust = null)
    {
        var form = new Dictionary<string, string> { ["ident"] = ident, ["password"] = password };
        if (redirect is not null)
        {
            form["redirect"] = redirect;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/veileder/login") { Content = new FormUrlEncodedContent(form) };
        adjust?.Invoke(request);
        return await StaffTestHost.SendAsync(browser, request);
    }

    private async Task<StaffTestHost.Response> DevTokenAsync(string ident, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/veileder/api/dev-token")
        {
            Content = JsonContent.Create(new { ident, password }),
        };
        return await StaffTestHost.SendAsync(_app.Browser(), request);
    }
}
