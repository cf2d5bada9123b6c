using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Channels.Sms.Dev;

/// <summary>
/// Development only: "try SMS without Twilio". <c>/dev/sms</c> is a page that looks like a phone conversation. What
/// you type is sent as a properly signed Twilio webhook, over loopback HTTP, to the real <c>/api/sms/twilio</c>; the
/// bot's answers go through the real Twilio transport to <see cref="FakeTwilio"/> and show up on the page.
/// None of this is mapped outside Development.
/// </summary>
public static partial class DevSmsEndpoints
{
    public const string LoopbackClientName = "dev-sms-loopback";

    public static void MapDevSms(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/dev/sms", (HttpContext http) => Endpoints.HtmlPages.Result(http, DevSmsPage.Html, DevSmsPage.ContentSecurityPolicy));
        app.MapGet("/dev/sms/info", Info);
        app.MapPost("/dev/sms/send", SendAsync);
        app.MapGet("/dev/sms/messages", Messages);
        app.Services.GetRequiredService<FakeTwilio>().MapFakeApi(app);
    }

    public sealed record SendRequest(string? From, string? Body);

    private static IResult Info(TwilioSettings settings, TwilioEndpoints endpoints, TimeProvider clock) => Results.Json(new
    {
        botNumber = settings.MessagingServiceSid.Length > 0 ? settings.MessagingServiceSid : settings.FromNumber,
        accountSid = settings.AccountSid,
        usesFakeApi = endpoints.UsesFakeApi,
        messagesUrl = endpoints.MessagesUri().AbsoluteUri,
        webhookUrl = SignedWebhookUrl(settings, endpoints),
        people = DemoData.For(clock.GetUtcNow()).People.Select(p => new
        {
            name = $"{p.Person.FirstName} {p.Person.LastName}",
            phone = p.Person.Phones.FirstOrDefault()?.Number.E164,
        }),
    });

    private static IResult Messages(string? phone, FakeTwilio fake) =>
        PhoneNumber.TryParse(phone, out var number)
            ? Results.Json(fake.Messages.Where(m => m.Phone == number.E164).OrderBy(m => m.At)
                .Select(m => new { m.Sid, m.Direction, m.Body, m.Status, at = m.At }))
            : Results.Json(Array.Empty<object>());

    /// <summary>Signs the SMS as Twilio would and posts it to this app's own webhook over loopback HTTP.</summary>
    private static async Task<IResult> SendAsync(
        SendRequest request, TwilioSettings settings, TwilioEndpoints endpoints, FakeTwilio fake, IHttpClientFactory clients, ILoggerFactory loggers)
    {
        if (!PhoneNumber.TryParse(request.From, out var from) || string.IsNullOrWhiteSpace(request.Body))
        {
            return Results.Json(new { error = "Give a phone number (e.g. +4799990001 or 99990001) and a message." }, statusCode: 400);
        }

        var sid = FakeTwilio.NewSid();
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", settings.AccountSid), new("ApiVersion", "2010-04-01"), new("Body", request.Body), new("From", from.E164),
            new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"), new("SmsMessageSid", sid), new("SmsSid", sid),
            new("SmsStatus", "received"), new("To", settings.FromNumber),
        };
        if (settings.MessagingServiceSid.Length > 0)
        {
            form.Add(new("MessagingServiceSid", settings.MessagingServiceSid));
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoints.SelfBaseUrl() + TwilioEndpoints.WebhookPath)
        {
            Content = new FormUrlEncodedContent(form),
        };
        message.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(settings.AuthToken, SignedWebhookUrl(settings, endpoints), form));
        try
        {
            using var response = await clients.CreateClient(LoopbackClientName).SendAsync(message).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                fake.Record(new DevSms(sid, "in", from.E164, request.Body, DateTimeOffset.UtcNow));
            }

            return Results.Json(new { sid, status = (int)response.StatusCode, response = body });
        }
        catch (HttpRequestException ex)
        {
            LogLoopbackFailed(loggers.CreateLogger(typeof(DevSmsEndpoints)), ex);
            return Results.Json(new { error = "Could not reach this app's own /api/sms/twilio: " + ex.Message }, statusCode: 502);
        }
    }

    private static string SignedWebhookUrl(TwilioSettings settings, TwilioEndpoints endpoints) =>
        (settings.PublicBaseUrl.Length > 0 ? settings.PublicBaseUrl : endpoints.SelfBaseUrl()) + TwilioEndpoints.WebhookPath;

    [LoggerMessage(EventId = 2471, Level = LogLevel.Warning, Message = "Dev SMS: posting the signed webhook to this app failed")]
    private static partial void LogLoopbackFailed(ILogger logger, Exception exception);
}
