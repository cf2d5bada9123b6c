using System.Net;
using Dialogue.Bot.Hosting;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// The Data Protection key ring lives in the database: a staff form's antiforgery token and the sign-in cookie made by
/// one host are accepted by another host on the same database (a second replica, or the same one after a restart),
/// and refused by a host on another database (so nothing else, such as a key folder on this machine, is shared).
/// </summary>
public sealed class SharedKeyRingTests
{
    private const string KariPath = "/veileder/personer/de300000-0000-4000-8000-004799990001";
    private const string KariPhone = "+4799990001";

    [Theory]
    [PostgresData]
    public async Task A_form_token_made_on_one_replica_is_accepted_by_another(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var a = new DialogueApp(db);
        await using var b = new DialogueApp(db);

        // Both start at once on an empty database: they take turns, and only the first makes a key.
        await Task.WhenAll(Task.Run(() => a.Server), Task.Run(() => b.Server));
        Assert.Equal(1, await a.WithDbAsync(d => d.DataProtectionKeys.CountAsync()));

        var cookies = new System.Net.CookieContainer();
        using var onA = a.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        using var onB = b.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        var token = await SignInAndGetFormTokenAsync(onA);

        var saved = await WorkspaceBrowser.PostAsync(onB, KariPath + "/paminnelser", token, ("active", "on"), ("phone", KariPhone));

        Assert.Equal(HttpStatusCode.SeeOther, saved.Status);
        Assert.Equal(KariPath + "?r=reminders-saved", saved.Location);
        Assert.True(await b.WithDbAsync(d => d.ReminderSettings.Select(r => r.Active).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    public async Task A_form_token_survives_a_restart_and_is_refused_by_a_host_with_another_database(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var cookies = new System.Net.CookieContainer();
        string token;
        await using (var before = new DialogueApp(db))
        {
            using var browser = before.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            token = await SignInAndGetFormTokenAsync(browser);
            Assert.IsType<DatabaseXmlRepository>(before.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        }

        await using (var after = new DialogueApp(db))
        {
            using var browser = after.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            var saved = await WorkspaceBrowser.PostAsync(browser, KariPath + "/paminnelser", token, ("active", "on"), ("phone", KariPhone));
            Assert.Equal(KariPath + "?r=reminders-saved", saved.Location);
            Assert.True(await after.WithDbAsync(d => d.ReminderSettings.Select(r => r.Active).SingleAsync()));
            Assert.Equal(1, await after.WithDbAsync(d => d.DataProtectionKeys.CountAsync()));
        }

        // Another database, another key ring: neither the sign-in cookie nor (after signing in there) the form token is read.
        await using var otherDb = await TestDatabase.CreateAsync(provider);
        await using var other = new DialogueApp(otherDb);
        using var elsewhere = other.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
        var signedOut = await WorkspaceBrowser.PostAsync(elsewhere, KariPath + "/paminnelser", token, ("active", "on"), ("phone", KariPhone));
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.Status); // a form post without a readable sign-in

        await SignInAsync(elsewhere);
        var refused = await WorkspaceBrowser.PostAsync(elsewhere, KariPath + "/paminnelser", token, ("active", "on"), ("phone", KariPhone));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(0, await other.WithDbAsync(d => d.ReminderSettings.CountAsync()));
    }

    [Theory]
    [SqliteData]
    public async Task With_a_certificate_configured_the_stored_keys_are_encrypted_and_still_shared(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var pfx = Path.Combine(Path.GetTempPath(), $"dialogue-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=dialogue-keyring-test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "test-password"));
        }

        try
        {
            (string, string)[] settings = [(DataProtectionHosting.CertificatePathKey, pfx), (DataProtectionHosting.CertificatePasswordKey, "test-password")];
            var cookies = new System.Net.CookieContainer();
            string token;
            await using (var before = StaffTestHost.Development(db, settings: settings))
            {
                using var browser = before.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
                token = await SignInAndGetFormTokenAsync(browser);
            }

            var options = new DbContextOptionsBuilder<DialogueDbContext>();
            new DatabaseSettings(db.Provider, db.ConnectionString).Configure(options);
            await using var context = new DialogueDbContext(options.Options);
            var xml = Assert.Single(await context.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
            Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal); // the key material is not there in the clear

            await using var after = StaffTestHost.Development(db, settings: settings);
            using var again = after.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies));
            var saved = await WorkspaceBrowser.PostAsync(again, KariPath + "/paminnelser", token, ("active", "on"), ("phone", KariPhone));
            Assert.Equal(KariPath + "?r=reminders-saved", saved.Location);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    /// <summary>Signs Marte in through the login form and returns the antiforgery token of Kari's page (its cookie is in the jar).</summary>
    private static async Task<string> SignInAndGetFormTokenAsync(HttpClient browser)
    {
        await SignInAsync(browser);
        var page = await WorkspaceBrowser.GetAsync(browser, KariPath);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return WorkspaceBrowser.Token(page.Body);
    }

    private static async Task SignInAsync(HttpClient browser)
    {
        using var login = new FormUrlEncodedContent([new("ident", StaffApiClient.Marte), new("password", StaffApiClient.DemoPassword), new("redirect", "/veileder")]);
        using var response = await browser.PostAsync(new Uri("/veileder/login", UriKind.Relative), login);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }
}
