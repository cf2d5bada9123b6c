using System.Net;
using System.Net.Http.Json;
using Dialogue.Bot.Staff.Auth;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Outside Development there are no demo accounts: the dev sign-in endpoints do not exist (404), a dev token is worth
/// nothing, and without Staff:Entra nobody can sign in, which the host says loudly at startup.
/// </summary>
public sealed class StaffAccessProductionTests
{
    private const string SharedDevKey = "a-development-signing-key-of-forty-chars!";

    [Theory]
    [InlineData("GET", "/veileder/login")]
    [InlineData("POST", "/veileder/login")]
    [InlineData("POST", "/veileder/logout")]
    [InlineData("POST", "/veileder/api/dev-token")]
    public async Task The_dev_sign_in_endpoints_are_404_in_production(string method, string path)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { ident = "Z990001", password = StaffAuthSettings.DefaultDevPassword });
        }

        var response = await StaffTestHost.SendAsync(app.Browser(), request);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task A_dev_token_is_refused_in_production_even_with_the_same_signing_key()
    {
        using var entra = new EntraFake();
        using var key = new TestSigningKey("entra-key", null);
        entra.Keys.Add(key);
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra, settings: ("Staff:DevSigningKey", SharedDevKey));
        var devToken = new DevTokens(new StaffAuthSettings { DevSigningKey = SharedDevKey }, app.Clock)
            .Issue(new StaffUser(new VeilederId("Z990001"), "Marte", "Marte Lien", new OfficeId("0219"), StaffRole.Veileder));

        var me = await app.GetAsync("/veileder/api/me", devToken);

        Assert.Equal(HttpStatusCode.Unauthorized, me.Status);
    }

    [Fact]
    public async Task A_dev_token_is_refused_in_production_without_entra()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null, settings: ("Staff:DevSigningKey", SharedDevKey));
        var devToken = new DevTokens(new StaffAuthSettings { DevSigningKey = SharedDevKey }, app.Clock)
            .Issue(new StaffUser(new VeilederId("Z990001"), "Marte", "Marte Lien", new OfficeId("0219"), StaffRole.Veileder));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.GetAsync("/veileder/api/me", devToken)).Status);
    }

    [Fact]
    public async Task Without_entra_nobody_signs_in_and_startup_warns()
    {
        var logs = new CapturedLogs();
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null, logs);

        var api = await app.GetAsync("/veileder/api/me");
        var page = await app.GetAsync(StaffTestHost.Page);

        Assert.Equal(HttpStatusCode.Unauthorized, api.Status);
        Assert.Equal("Unauthorized", api.ErrorCode);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/oauth2/login?redirect=%2Fveileder%2Ftest-page", page.Location);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("nobody can sign in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_nais_the_injected_azure_app_settings_configure_entra()
    {
        using var entra = new EntraFake();
        using var key = new TestSigningKey("entra-key", null);
        entra.Keys.Add(key);
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null, services: s => s.AddHttpClient(StaffAuthHosting.EntraHttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => entra),
            settings:
            [
                ("AZURE_APP_TENANT_ID", EntraFake.TenantId),
                ("AZURE_APP_CLIENT_ID", EntraFake.ClientId),
                ("AZURE_APP_WELL_KNOWN_URL", EntraFake.MetadataUrl),
                ($"Staff:Entra:OfficeGroups:{EntraFake.BaerumGroup}", "0219"),
            ]);

        var me = await app.GetAsync("/veileder/api/me", EntraTokens.Create(key, app.Clock));

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("0219", (string?)me.Json!["office"]);
    }

    [Fact]
    public async Task Pages_send_you_to_the_configured_login_path()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null, settings: ("Staff:LoginPath", "/oauth2/start?rd=x"));

        var page = await app.GetAsync(StaffTestHost.Page);

        Assert.Equal("/oauth2/start?rd=x&redirect=%2Fveileder%2Ftest-page", page.Location);
    }

    [Theory]
    [InlineData("Staff:Entra:TenantId", "only-a-tenant")]
    [InlineData("Staff:Entra:OfficeGroups:some-group", "219")]
    [InlineData("Staff:DevSigningKey", "too-short")]
    public async Task Half_done_staff_settings_stop_the_host_at_startup(string key, string value)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = StaffTestHost.Production(db, entra: null, settings: (key, value));

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Staff:", error.ToString(), StringComparison.Ordinal);
    }
}
