using System.Net;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Channels.Sms.Dev;
using Dialogue.Cases.Persistence;
using Dialogue.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Browser.Tests.Support;

/// <summary>
/// The real host on real Kestrel (loopback, random port) so a browser can reach it: Development with the demo data,
/// a fresh SQLite file, a fake clock (Wednesday, office open), and the built-in fake Twilio (dev values), so SMS the
/// bot sends go over loopback HTTP to <c>/dev/twilio</c> and are kept in <see cref="FakeTwilio"/>.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), "dialogue-browser-tests", $"{Guid.NewGuid():N}.db");

    public BrowserApp()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databaseFile)!);
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        BaseUrl = addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal)).TrimEnd('/');
    }

    /// <summary>Where the app listens, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; }

    public FakeClock Clock { get; } = new();

    /// <summary>The built-in fake Twilio REST API: every SMS the bot sent.</summary>
    public FakeTwilio Twilio => Services.GetRequiredService<FakeTwilio>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
        builder.UseSetting("ConnectionStrings:Dialogue", $"Data Source={_databaseFile}");
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Error");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Error");
        builder.UseSetting("Logging:LogLevel:Dialogue.Cases.Messaging.TurnProcessor", "Error");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>An inbound SMS exactly as Twilio posts it: a form to <c>/api/sms/twilio</c>, signed with the (dev) auth token.</summary>
    public async Task SendSmsAsync(string from, string body)
    {
        var settings = Services.GetRequiredService<TwilioSettings>();
        var sid = FakeTwilio.NewSid();
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", settings.AccountSid), new("ApiVersion", "2010-04-01"), new("Body", body), new("From", from),
            new("FromCountry", "NO"), new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"),
            new("SmsMessageSid", sid), new("SmsSid", sid), new("SmsStatus", "received"), new("To", settings.FromNumber),
        };
        var url = BaseUrl + TwilioEndpoints.WebhookPath;
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(settings.AuthToken, url, form));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The SMS bodies the bot sent to <paramref name="phone"/> through Twilio, oldest first.</summary>
    public IReadOnlyList<string> SmsTo(string phone) =>
        Twilio.Messages.Where(m => m.Direction == "out" && m.Phone == phone).OrderBy(m => m.At).Select(m => m.Body).ToList();

    /// <summary>Polls (bounded) until the bot has sent <paramref name="phone"/> an SMS that <paramref name="match"/> accepts.</summary>
    public async Task<string> WaitForSmsAsync(string phone, Func<string, bool> match)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (SmsTo(phone).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No SMS to {phone} matched. Sent: [{string.Join(" | ", SmsTo(phone))}]");
        return string.Empty;
    }

    public async Task<T> WithDbAsync<T>(Func<DialogueDbContext, Task<T>> query)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(path);
        }

        GC.SuppressFinalize(this);
    }
}
