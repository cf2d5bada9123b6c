using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dialogue.Cases.Health;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Plan.Domain;

namespace Dialogue.Bot.Channels.Sms;

/// <summary>
/// Sends SMS outbox rows through Twilio's REST API (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>, HTTP Basic
/// auth AccountSid:AuthToken, form fields To, Body, From or MessagingServiceSid, StatusCallback). 429 is retried after
/// Retry-After, 5xx and timeouts with the outbox's backoff; any other 4xx is final (the row is dead, Twilio's error
/// kept). Never sends to a number that has opted out (STOPP), apart from the one confirmation of the STOPP itself,
/// never sends a proactive message outside sending hours (it waits for the next 08:00), and holds what goes
/// beyond the daily cap per number (<see cref="Security.OutboundSmsCap"/>).
/// </summary>
public sealed partial class TwilioSmsTransport(
    IHttpClientFactory httpClients,
    TwilioSettings settings,
    TwilioEndpoints endpoints,
    SmsOptOuts optOuts,
    Security.OutboundSmsCap cap,
    DependencyMonitor dependencies,
    TimeProvider clock,
    ILogger<TwilioSmsTransport> logger) : IChannelTransport
{
    public const string HttpClientName = "twilio";

    public string ChannelId => KnownChannels.Sms;

    public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!PhoneNumber.TryParse(message.ConversationId, out var to))
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, "The conversation id is not a phone number; an SMS cannot be sent to it.");
        }

        var activity = ActivityJson.Deserialize(message.ActivityJson);

        // Opted out: nothing is sent, except the confirmation of the STOPP itself and the emergency numbers when the
        // person writes that they are in danger.
        if (await optOuts.ActiveOptOutAsync(to, cancellationToken).ConfigureAwait(false) is { } optOut
            && (message.Proactive || message.ReplyToId is null || message.ReplyToId != optOut.OptOutActivityId)
            && !(SafetyReplies.IsMarked(activity) && !message.Proactive))
        {
            LogSuppressed(logger, message.Id);
            return new DeliveryResult(DeliveryOutcome.Rejected,
                $"Suppressed: the number opted out of SMS (STOPP) at {optOut.OptedOutAt:u}; nothing is sent to it until it sends START.")
            {
                ProviderStatus = SmsDeliveryStatus.Suppressed,
            };
        }

        var now = clock.GetUtcNow();
        if (message.Proactive && !SmsSendingHours.IsOpen(now))
        {
            return new DeliveryResult(DeliveryOutcome.Deferred, "Outside SMS sending hours (08-20 Europe/Oslo).", SmsSendingHours.NextOpen(now) - now);
        }

        // The daily cap per number (SMS pumping, runaway loops): held, not sent, with a status staff see in the log.
        if (await cap.MustHoldAsync(message, activity, to, cancellationToken).ConfigureAwait(false))
        {
            LogHeld(logger, message.Id, cap.PerDay);
            return new DeliveryResult(DeliveryOutcome.Rejected,
                $"Held: the number has had {cap.PerDay} SMS today (RateLimits:OutboundSmsPerNumberPerDay); nothing more is sent to it before midnight.")
            {
                ProviderStatus = SmsDeliveryStatus.Held,
            };
        }

        if (string.IsNullOrWhiteSpace(activity?.Text))
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, "The message has no text.");
        }

        if (!settings.CanSend)
        {
            LogNotConfigured(logger);
            return new DeliveryResult(DeliveryOutcome.Retry, "Twilio:AccountSid and Twilio:AuthToken are not set.");
        }

        var form = new List<KeyValuePair<string, string>> { new("To", to.E164), new("Body", activity.Text) };
        if (settings.MessagingServiceSid.Length > 0)
        {
            form.Add(new("MessagingServiceSid", settings.MessagingServiceSid));
        }
        else if (settings.FromNumber.Length > 0 || activity.From?.Id is { Length: > 0 })
        {
            // The configured sender, or else the number the person texted (it is the reply's "from").
            form.Add(new("From", settings.FromNumber.Length > 0 ? settings.FromNumber : activity.From!.Id!));
        }
        else
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, "Set Twilio:FromNumber or Twilio:MessagingServiceSid to send SMS.");
        }

        if (endpoints.StatusCallbackUrl() is { } callback)
        {
            form.Add(new("StatusCallback", callback));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoints.MessagesUri()) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        string body;
        try
        {
            response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken).ConfigureAwait(false);
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // A timeout may hide a message Twilio accepted: the row is retried and the person may get it twice.
            dependencies.Unanswered(Dependency.Sms, ex);
            throw;
        }

        using (response)
        {
            return Answer(message, response, body, now);
        }
    }

    private DeliveryResult Answer(OutboundActivity message, HttpResponseMessage response, string body, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;

        // A refusal of this one message (a bad number, say) says nothing about Twilio; a refusal of the account (wrong
        // credentials, suspended) means no SMS goes out at all.
        dependencies.Answered(Dependency.Sms, response.StatusCode);
        if (response.IsSuccessStatusCode)
        {
            var (sid, providerStatus) = ReadMessage(body);
            LogSent(logger, message.Id, sid);
            return DeliveryResult.Sent with { ProviderMessageId = sid, ProviderStatus = providerStatus ?? SmsDeliveryStatus.Queued };
        }

        var (code, text) = ReadError(body);
        var error = $"Twilio answered {status}{(code is null ? string.Empty : $" (error {code})")}: {text ?? response.ReasonPhrase}";
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, error, RetryAfterOf(response, now)) { ProviderErrorCode = code };
        }

        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, error) { ProviderErrorCode = code };
        }

        return new DeliveryResult(DeliveryOutcome.Rejected, error) { ProviderErrorCode = code, ProviderStatus = SmsDeliveryStatus.Failed };
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }

    private static (string? Sid, string? Status) ReadMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return (StringOf(doc.RootElement, "sid"), StringOf(doc.RootElement, "status"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static (string? Code, string? Message) ReadError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return (StringOf(doc.RootElement, "code"), StringOf(doc.RootElement, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    [LoggerMessage(EventId = 2441, Level = LogLevel.Information, Message = "Outbound {OutboundId} handed to Twilio as {MessageSid}")]
    private static partial void LogSent(ILogger logger, long outboundId, string? messageSid);

    [LoggerMessage(EventId = 2442, Level = LogLevel.Warning, Message = "Outbound {OutboundId} not sent: the number has opted out of SMS (STOPP)")]
    private static partial void LogSuppressed(ILogger logger, long outboundId);

    [LoggerMessage(EventId = 2444, Level = LogLevel.Warning, Message = "Outbound {OutboundId} held: the number has had its {PerDay} SMS for today")]
    private static partial void LogHeld(ILogger logger, long outboundId, int perDay);

    [LoggerMessage(EventId = 2443, Level = LogLevel.Error, Message = "Cannot send SMS: Twilio:AccountSid and Twilio:AuthToken are not set")]
    private static partial void LogNotConfigured(ILogger logger);
}
