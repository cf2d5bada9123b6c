using System.Net;
using System.Net.Http.Json;
using Dialogue.Bot.Tests.Auth;
using Dialogue.Bot.Tests.DirectLine;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dialogue.Bot.Tests.Security;

/// <summary>
/// Configured secrets — Twilio:AuthToken, MicrosoftAppPassword, DirectLine:Secret, the database password — never appear
/// in any log line at any level, through a run that uses each of them (and refusals that log why).
/// </summary>
public sealed class SecretLoggingTests
{
    private const string AppPassword = "app-password-Zq8vXk2Lm9";
    private const string DirectLineSecret = "directline-secret-Hp4Wn7Rt1Y";
    private const string DbPassword = "db-password-Jc6Vb3Ns5Q";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Secrets_from_configuration_never_reach_the_logs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["MicrosoftAppPassword"] = AppPassword,
            ["DirectLine:Secret"] = DirectLineSecret,
        };
        if (provider == DatabaseProvider.Postgres)
        {
            // The test server trusts local connections, so a password in the connection string is carried but unused.
            settings["ConnectionStrings:Dialogue"] = new NpgsqlConnectionStringBuilder(db.ConnectionString) { Password = DbPassword }.ConnectionString;
        }

        string[] secrets = [SmsApp.AuthToken, AppPassword, DirectLineSecret, DbPassword];
        await using (var sms = new SmsApp(db, settings, services: s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            // Twilio: a signed SMS (the auth token signs and authenticates the REST call) and a forged one.
            Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, "hei")).StatusCode);
            await sms.WaitForSmsAsync(1);
            Assert.Equal(HttpStatusCode.Forbidden, (await sms.SendSmsAsync(SmsApp.KariPhone, "hei", signWithToken: "wrong")).StatusCode);

            // Direct Line: the secret generates a token, a wrong secret is refused.
            var client = new DirectLineClient(sms.App);
            var generated = await client.GenerateAsync(DirectLineSecret);
            await client.StartAsync(generated.Token!);
            using var wrong = await client.SendAsync(HttpMethod.Post, "/tokens/generate", DirectLineSecret + "x");
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

            // Staff sign-in with the demo password, a wrong one, and the Bot Framework path.
            var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/veileder/api/me")).Status);
            using var http = sms.App.CreateClient();
            using var badLogin = await http.PostAsJsonAsync("/veileder/api/dev-token", new { ident = "Z990001", password = AppPassword });
            Assert.Equal(HttpStatusCode.Unauthorized, badLogin.StatusCode);
            await sms.App.SayAsync("secret-log-1", "hei");
        }

        Assert.NotEmpty(logs.Entries);
        var leaks = logs.Entries.Where(e => secrets.Any(s => e.Message.Contains(s, StringComparison.Ordinal)))
            .Select(e => $"{e.Level} {e.Category}: {e.Message[..Math.Min(200, e.Message.Length)]}").ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }
}
