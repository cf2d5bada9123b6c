using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Dialogue.Bot.Channels.Sms.Dev;

/// <summary>One SMS the dev page has seen: sent by the "phone" (In) or by the bot through the fake API (Out).</summary>
public sealed record DevSms(string Sid, string Direction, string Phone, string Body, DateTimeOffset At)
{
    public string Status { get; set; } = "received";
}

/// <summary>
/// Development only: a stand-in for Twilio's REST API. It takes <c>POST /dev/twilio/2010-04-01/Accounts/{sid}/Messages.json</c>
/// like Twilio (Basic auth, form fields), keeps the messages in memory for <c>/dev/sms</c>, answers 201 with a message
/// sid, and then posts signed status callbacks ("sent", then "delivered") to the StatusCallback URL, as Twilio does.
/// </summary>
public sealed partial class FakeTwilio(
    TwilioSettings settings,
    IHttpClientFactory httpClients,
    IHostApplicationLifetime lifetime,
    ILogger<FakeTwilio> logger)
{
    public const string CallbackClientName = "dev-twilio-callbacks";
    private const int MaxKept = 500;

    private readonly ConcurrentQueue<DevSms> _messages = new();

    public IReadOnlyList<DevSms> Messages => [.. _messages];

    public static string NewSid() => "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public void Record(DevSms message)
    {
        _messages.Enqueue(message);
        while (_messages.Count > MaxKept && _messages.TryDequeue(out _))
        {
        }
    }

    public void MapFakeApi(IEndpointRouteBuilder app) =>
        app.MapPost(TwilioEndpoints.FakeApiPath + "/2010-04-01/Accounts/{accountSid}/Messages.json", CreateMessageAsync);

    private async Task<IResult> CreateMessageAsync(HttpContext http, string accountSid)
    {
        if (!Authorized(http.Request, accountSid))
        {
            return Results.Json(new { code = 20003, message = "Authenticate", status = 401 }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false) : null;
        var to = form?["To"].ToString() ?? string.Empty;
        var body = form?["Body"].ToString() ?? string.Empty;
        var from = form?["From"].ToString() is { Length: > 0 } f ? f : form?["MessagingServiceSid"].ToString() ?? string.Empty;
        if (to.Length == 0 || body.Length == 0 || from.Length == 0)
        {
            return Results.Json(new { code = 21602, message = "To, Body and From or MessagingServiceSid are required.", status = 400 },
                statusCode: StatusCodes.Status400BadRequest);
        }

        var message = new DevSms(NewSid(), "out", to, body, DateTimeOffset.UtcNow) { Status = "queued" };
        Record(message);
        if (form?["StatusCallback"].ToString() is { Length: > 0 } callback)
        {
            _ = Task.Run(() => CallBackAsync(message, callback, accountSid, from), lifetime.ApplicationStopping);
        }

        return Results.Json(
            new { sid = message.Sid, account_sid = accountSid, to, from, body, status = "queued", direction = "outbound-api", num_segments = "1" },
            statusCode: StatusCodes.Status201Created);
    }

    private bool Authorized(HttpRequest request, string accountSid)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth)
            || !string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || auth.Parameter is null)
        {
            return false;
        }

        try
        {
            var given = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter)));
            var expected = Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}");
            return accountSid == settings.AccountSid && CryptographicOperations.FixedTimeEquals(given, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>"sent", then "delivered", each signed like Twilio's own callbacks; a little later, as the phone network would.</summary>
    private async Task CallBackAsync(DevSms message, string callback, string accountSid, string from)
    {
        var stopping = lifetime.ApplicationStopping;
        try
        {
            foreach (var status in new[] { "sent", "delivered" })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(400), stopping).ConfigureAwait(false);
                message.Status = status;
                var form = new List<KeyValuePair<string, string>>
                {
                    new("AccountSid", accountSid), new("ApiVersion", "2010-04-01"), new("From", from), new("MessageSid", message.Sid),
                    new("MessageStatus", status), new("SmsSid", message.Sid), new("SmsStatus", status), new("To", message.Phone),
                };
                using var request = new HttpRequestMessage(HttpMethod.Post, callback) { Content = new FormUrlEncodedContent(form) };
                request.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(settings.AuthToken, callback, form));
                using var response = await httpClients.CreateClient(CallbackClientName).SendAsync(request, stopping).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    LogCallbackFailed(logger, message.Sid, (int)response.StatusCode);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            LogCallbackError(logger, ex, message.Sid);
        }
    }

    [LoggerMessage(EventId = 2461, Level = LogLevel.Warning, Message = "Fake Twilio: the status callback for {MessageSid} answered {Status}")]
    private static partial void LogCallbackFailed(ILogger logger, string messageSid, int status);

    [LoggerMessage(EventId = 2462, Level = LogLevel.Debug, Message = "Fake Twilio: the status callback for {MessageSid} failed")]
    private static partial void LogCallbackError(ILogger logger, Exception exception, string messageSid);
}
