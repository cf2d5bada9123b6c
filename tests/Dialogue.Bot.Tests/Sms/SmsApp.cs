using System.Net;
using System.Text;
using System.Web;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>
/// The real host with Twilio configured as an operator would (test values), its REST API answered by
/// <see cref="FakeTwilioApi"/>, and helpers that post webhooks signed exactly as Twilio signs them.
/// </summary>
public sealed class SmsApp : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "test-auth-token-4711";
    public const string BotNumber = "+4722334455";
    public const string ApiBaseUrl = "https://twilio.test";
    public const string PublicBaseUrl = "https://sms.dialogue.test";
    public const string KariPhone = "+4799990001";

    private int _sids;

    public SmsApp(
        TestDatabase database, Dictionary<string, string?>? settings = null, IBot? bot = null, string environment = "Development",
        Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = AccountSid,
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:FromNumber"] = BotNumber,
            ["Twilio:ApiBaseUrl"] = ApiBaseUrl,
            ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        App = new DialogueApp(database,
            s =>
            {
                s.AddHttpClient(TwilioSmsTransport.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Twilio);
                if (bot is not null)
                {
                    s.AddSingleton(bot);
                }

                services?.Invoke(s);
            },
            host =>
            {
                host.UseEnvironment(environment);
                foreach (var (key, value) in all)
                {
                    host.UseSetting(key, value);
                }
            });
        SignedBaseUrl = all["Twilio:PublicBaseUrl"] is { Length: > 0 } publicBase ? publicBase : "http://localhost";
    }

    public DialogueApp App { get; }

    public FakeTwilioApi Twilio { get; } = new();

    /// <summary>The base URL Twilio signs: PublicBaseUrl when set, else the test server's own.</summary>
    public string SignedBaseUrl { get; }

    public string NextSid() => $"SM{Interlocked.Increment(ref _sids):D32}";

    /// <summary>Posts an inbound SMS as Twilio does: a form, signed with the auth token over URL + sorted fields.</summary>
    public async Task<HttpResponseMessage> SendSmsAsync(
        string from, string body, string? messageSid = null, string? signWithToken = null, string? signedUrl = null,
        string path = TwilioEndpoints.WebhookPath, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? tamper = null)
    {
        var sid = messageSid ?? NextSid();
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid), new("ApiVersion", "2010-04-01"), new("Body", body), new("From", from),
            new("FromCountry", "NO"), new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"),
            new("SmsMessageSid", sid), new("SmsSid", sid), new("SmsStatus", "received"), new("To", BotNumber),
        };
        return await PostSignedAsync(path, form, signWithToken, signedUrl, tamper);
    }

    /// <summary>Posts a delivery receipt (status callback) as Twilio does.</summary>
    public Task<HttpResponseMessage> SendStatusAsync(string messageSid, string status, string? errorCode = null, string? signWithToken = null)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", AccountSid), new("ApiVersion", "2010-04-01"), new("From", BotNumber), new("MessageSid", messageSid),
            new("MessageStatus", status), new("SmsSid", messageSid), new("SmsStatus", status), new("To", KariPhone),
        };
        if (errorCode is not null)
        {
            form.Add(new("ErrorCode", errorCode));
        }

        return PostSignedAsync(TwilioEndpoints.StatusPath, form, signWithToken, null, null);
    }

    public async Task<HttpResponseMessage> PostSignedAsync(
        string pathAndQuery, List<KeyValuePair<string, string>> form, string? signWithToken, string? signedUrl,
        Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? tamper)
    {
        var url = signedUrl ?? SignedBaseUrl + pathAndQuery;
        var signature = TwilioSignature.Compute(signWithToken ?? AuthToken, url, form);
        var sent = tamper is null ? form : tamper(form);
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(sent) };
        request.Headers.Add(TwilioWebhooks.SignatureHeader, signature);
        return await App.CreateClient().SendAsync(request);
    }

    public Task<T> WithDbAsync<T>(Func<DialogueDbContext, Task<T>> query) => App.WithDbAsync(query);

    /// <summary>The SMS bodies Twilio has been asked to send to <paramref name="to"/>, once at least <paramref name="count"/> arrived.</summary>
    public async Task<List<string>> WaitForSmsAsync(int count, string to = KariPhone)
    {
        var sent = await Twilio.WaitForAsync(r => r.Form.GetValueOrDefault("To") == to, count);
        return sent.Select(r => r.Form["Body"]).ToList();
    }

    /// <summary>
    /// The Twilio SID of the first SMS row the dispatcher has marked as sent. Twilio has a message before the dispatcher
    /// has saved its SID, so this waits for that save instead of reading right after <see cref="WaitForSmsAsync"/>.
    /// </summary>
    public async Task<string> SavedSidAsync()
    {
        Assert.True(await EventuallyAsync(async () => await WithDbAsync(d => d.Outbox.AnyAsync(o => o.ChannelId == "sms" && o.ProviderMessageId != null))),
            "no SMS row got a Twilio SID");
        return await WithDbAsync(d => d.Outbox.Where(o => o.ChannelId == "sms" && o.ProviderMessageId != null)
            .OrderBy(o => o.Id).Select(o => o.ProviderMessageId!).FirstAsync());
    }

    /// <summary>Polls until <paramref name="condition"/> holds (bounded), advancing the bot's clock a little each round if asked.</summary>
    public async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? advanceClockBy = null)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            if (advanceClockBy is { } step)
            {
                App.Clock.Now += step;
            }

            await Task.Delay(50);
        }

        return await condition();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Twilio.Dispose();
    }
}

/// <summary>One REST call the bot made to Twilio.</summary>
public sealed record TwilioCall(Uri Url, string? Authorization, Dictionary<string, string> Form);

/// <summary>
/// Stands in for api.twilio.com: records every call and answers 201 with a new message sid, or with the responses
/// queued in <see cref="Responses"/> first.
/// </summary>
public sealed class FakeTwilioApi : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<TwilioCall> _calls = [];
    private int _sids;

    public Queue<Func<HttpResponseMessage>> Responses { get; } = new();

    public IReadOnlyList<TwilioCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public async Task<List<TwilioCall>> WaitForAsync(Func<TwilioCall, bool> which, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Calls.Count(which) < count && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }

        return Calls.Where(which).ToList();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var form = HttpUtility.ParseQueryString(body);
        var call = new TwilioCall(request.RequestUri!, request.Headers.Authorization?.ToString(),
            form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!, StringComparer.Ordinal));
        Func<HttpResponseMessage>? scripted;
        lock (_gate)
        {
            _calls.Add(call);
            Responses.TryDequeue(out scripted);
        }

        if (scripted is not null)
        {
            return scripted();
        }

        var sid = $"SMout{Interlocked.Increment(ref _sids):D30}";
        return Json(HttpStatusCode.Created, $$"""{"sid":"{{sid}}","status":"queued","to":"{{call.Form.GetValueOrDefault("To")}}"}""");
    }
}
