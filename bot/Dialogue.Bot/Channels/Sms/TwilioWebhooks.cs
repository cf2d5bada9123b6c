using System.Text;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Channels.Sms;

/// <summary>
/// Twilio's webhooks. <c>POST /api/sms/twilio</c>: an inbound SMS, stored in the inbox (idempotent on MessageSid) and
/// answered at once with empty TwiML; the inbox worker runs the turn and the replies go out through the REST API.
/// <c>POST /api/sms/twilio/status</c>: a delivery receipt for a message we sent. Both must carry a valid
/// <c>X-Twilio-Signature</c>; anything else is refused with 403 before it is read any further.
/// </summary>
public static partial class TwilioWebhooks
{
    public const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    public const string SignatureHeader = "X-Twilio-Signature";

    public static void MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(TwilioEndpoints.WebhookPath, InboundAsync);
        app.MapPost(TwilioEndpoints.StatusPath, StatusAsync);
    }

    private static async Task<IResult> InboundAsync(
        HttpContext http, TwilioSettings settings, TwilioEndpoints endpoints, TurnProcessor processor, TimeProvider clock,
        Security.SmsFloodGuard floodGuard, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
        var (form, refused) = await ValidateAsync(http, settings, endpoints, logger).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var messageSid = Field(form, "MessageSid") ?? Field(form, "SmsSid");
        if (string.IsNullOrWhiteSpace(messageSid) || !PhoneNumber.TryParse(Field(form, "From"), out var from))
        {
            LogUnusable(logger);
            return Results.Text("MessageSid and a phone number in From are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        // A number over its per-number limit: screened, and dropped unless it shows distress. Twilio still gets 200 and
        // empty TwiML, so it does not retry, and nothing is stored or answered.
        if (!await floodGuard.AdmitAsync(from, Field(form, "Body"), http.RequestAborted).ConfigureAwait(false))
        {
            return Results.Text(EmptyTwiml, "text/xml", Encoding.UTF8);
        }

        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = messageSid,
            ChannelId = KnownChannels.Sms,
            Conversation = new ConversationAccount { Id = from.E164 },
            From = new ChannelAccount { Id = from.E164, Role = "user" },
            Recipient = new ChannelAccount { Id = Field(form, "To") ?? string.Empty, Role = "bot" },
            Text = Field(form, "Body") ?? string.Empty,
            TextFormat = TextFormatTypes.Plain,
            Locale = "nb-NO",
            Timestamp = clock.GetUtcNow(),
        };

        // Once Twilio has our answer the message must not be lost: it is stored first; only shutdown stops that.
        var stopping = lifetime.ApplicationStopping;
        try
        {
            var receipt = await processor.ReceiveAsync(activity, stopping).ConfigureAwait(false);
            LogReceived(logger, messageSid, receipt.Duplicate);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || stopping.IsCancellationRequested)
        {
            LogUnavailable(logger, ex, messageSid);
            http.Response.Headers.RetryAfter = "5";
            return Results.Text("The SMS could not be stored. Try again.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Text(EmptyTwiml, "text/xml", Encoding.UTF8);
    }

    private static async Task<IResult> StatusAsync(
        HttpContext http, TwilioSettings settings, TwilioEndpoints endpoints, SmsDeliveryReceipts receipts, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioWebhooks));
        var (form, refused) = await ValidateAsync(http, settings, endpoints, logger).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused;
        }

        var messageSid = Field(form, "MessageSid") ?? Field(form, "SmsSid");
        var status = Field(form, "MessageStatus") ?? Field(form, "SmsStatus");
        if (string.IsNullOrWhiteSpace(messageSid) || string.IsNullOrWhiteSpace(status))
        {
            return Results.Text("MessageSid and MessageStatus are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        await receipts.RecordAsync(messageSid, status, Field(form, "ErrorCode"), http.RequestAborted).ConfigureAwait(false);
        return Results.Ok();
    }

    /// <summary>Reads the form and checks Twilio's signature over it; a refusal (403) when it is not Twilio's.</summary>
    private static async Task<(List<KeyValuePair<string, string>> Form, IResult? Refused)> ValidateAsync(
        HttpContext http, TwilioSettings settings, TwilioEndpoints endpoints, ILogger logger)
    {
        var form = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(settings.AuthToken))
        {
            LogNoAuthToken(logger, http.Request.Path);
            return (form, Results.Text("SMS is not configured here.", statusCode: StatusCodes.Status403Forbidden));
        }

        if (http.Request.HasFormContentType)
        {
            IFormCollection read;
            try
            {
                read = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
            {
                // Not Twilio's form: over the form limits, bad encoding, or a broken multipart body.
                LogUnreadableForm(logger, http.Request.Path);
                return (form, Results.Text("The form could not be read.", statusCode: StatusCodes.Status400BadRequest));
            }

            foreach (var (name, values) in read)
            {
                form.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v ?? string.Empty)));
            }
        }

        var url = endpoints.SignedUrlOf(http.Request);
        if (!TwilioSignature.IsValid(settings.AuthToken, url, form, http.Request.Headers[SignatureHeader].ToString()))
        {
            LogBadSignature(logger, http.Request.Path, url);
            return (form, Results.Text("Invalid Twilio signature.", statusCode: StatusCodes.Status403Forbidden));
        }

        return (form, null);
    }

    private static string? Field(List<KeyValuePair<string, string>> form, string name) =>
        form.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.Ordinal)).Value;

    [LoggerMessage(EventId = 2451, Level = LogLevel.Error,
        Message = "Twilio:AuthToken is not set: {Path} refuses every request (403). Set it to the auth token of the Twilio account")]
    private static partial void LogNoAuthToken(ILogger logger, string path);

    [LoggerMessage(EventId = 2452, Level = LogLevel.Warning,
        Message = "Refused a request to {Path}: no valid X-Twilio-Signature for {SignedUrl} (behind a proxy? set Twilio:PublicBaseUrl)")]
    private static partial void LogBadSignature(ILogger logger, string path, string signedUrl);

    [LoggerMessage(EventId = 2456, Level = LogLevel.Warning, Message = "Refused a request to {Path}: its form could not be read (400)")]
    private static partial void LogUnreadableForm(ILogger logger, string path);

    [LoggerMessage(EventId = 2453, Level = LogLevel.Warning, Message = "A signed Twilio webhook without MessageSid or a usable From number was refused (400)")]
    private static partial void LogUnusable(ILogger logger);

    [LoggerMessage(EventId = 2454, Level = LogLevel.Information, Message = "SMS {MessageSid} received (duplicate: {Duplicate})")]
    private static partial void LogReceived(ILogger logger, string messageSid, bool duplicate);

    [LoggerMessage(EventId = 2455, Level = LogLevel.Error, Message = "Could not store SMS {MessageSid}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string messageSid);
}
