using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Tests.Replicas;

namespace Dialogue.Bot.Tests.Crash;

/// <summary>A message the bot acknowledged (2xx): it must be processed exactly once.</summary>
/// <param name="Channel">"sms" or "directline".</param>
/// <param name="Conversation">The phone number (SMS) or the Direct Line conversation id.</param>
/// <param name="ClientId">The MessageSid (SMS) or the client's <c>clientActivityID</c> (Direct Line).</param>
public sealed record AckedMessage(string Channel, string Conversation, string ClientId, string Text, bool Crisis, bool Final);

/// <summary>One conversation the load drives: its channel, address and what it says, in order.</summary>
public sealed record CrashConversation(int Index, string Channel, string User, IReadOnlyList<string> Script, int CrisisAt)
{
    /// <summary>The Direct Line conversation, once a token was issued; the phone number for SMS.</summary>
    public string Address { get; set; } = string.Empty;

    public string? Token { get; set; }

    public bool Escalates => CrisisAt >= 0;
}

/// <summary>
/// The channels' side of a crash run: SMS as Twilio sends it (signed webhook posts to <c>/api/sms/twilio</c>, each
/// message with its own MessageSid) and web chat as a Direct Line client sends it (a token from the secret, then
/// activities carrying a <c>clientActivityID</c>). A post that fails (connection refused or reset while the process
/// is dead, a timeout, a 5xx) is retried with the same MessageSid / clientActivityID, as Twilio and Direct Line
/// clients do; every retry is counted. Only messages whose post was answered 2xx are recorded as acknowledged.
/// </summary>
public sealed class CrashLoad(BotProcess bot, HttpClient client, string twilioAuthToken, string publicBaseUrl, string botNumber, string accountSid, string directLineSecret)
{
    /// <summary>A message still not acknowledged after this long is a failure of the run (the bot never came back).</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(3);

    private int _retries;
    private int _acknowledged;

    public ConcurrentQueue<AckedMessage> Acknowledged { get; } = new();

    public int Retries => Volatile.Read(ref _retries);

    public int AcknowledgedCount => Volatile.Read(ref _acknowledged);

    public static string SmsSid(int seed, int conversation, int message) =>
        string.Create(CultureInfo.InvariantCulture, $"SMcr{seed % 100_000:D5}x{conversation:D5}x{message:D4}").PadRight(34, '0');

    public static string ClientActivityId(int seed, int conversation, int message) =>
        string.Create(CultureInfo.InvariantCulture, $"crash-{seed}-web-{conversation}-{message}");

    /// <summary>Sends the conversation's script in order, each message after the previous one was acknowledged.</summary>
    public async Task RunAsync(CrashConversation conversation, Random pacing, CancellationToken cancellationToken)
    {
        for (var m = 0; m < conversation.Script.Count; m++)
        {
            await SendAsync(conversation, m, conversation.Script[m], crisis: m == conversation.CrisisAt, final: false, cancellationToken);
            int pause;
            lock (pacing)
            {
                pause = pacing.Next(0, 250);
            }

            await Task.Delay(pause, cancellationToken);
        }
    }

    public async Task SendAsync(CrashConversation conversation, int message, string text, bool crisis, bool final, CancellationToken cancellationToken)
    {
        if (conversation.Channel == "sms")
        {
            var sid = SmsSid(Seed, conversation.Index, message);
            await PostWithRetriesAsync(() => SmsRequest(conversation.User, sid, text), cancellationToken);
            Record(new AckedMessage("sms", conversation.User, sid, text, crisis, final));
            return;
        }

        if (conversation.Token is null)
        {
            var issued = await PostWithRetriesAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "v3/directline/tokens/generate"))
                {
                    Content = Json(new JsonObject { ["user"] = new JsonObject { ["id"] = conversation.User } }),
                };
                request.Headers.Authorization = new("Bearer", directLineSecret);
                return request;
            }, cancellationToken);
            var body = JsonNode.Parse(issued)!;
            conversation.Address = body["conversationId"]!.GetValue<string>();
            conversation.Token = body["token"]!.GetValue<string>();
        }

        var clientId = ClientActivityId(Seed, conversation.Index, message);
        await PostWithRetriesAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post,
                new Uri(bot.BaseAddress, $"v3/directline/conversations/{Uri.EscapeDataString(conversation.Address)}/activities"))
            {
                Content = Json(new JsonObject
                {
                    ["type"] = "message",
                    ["from"] = new JsonObject { ["id"] = conversation.User },
                    ["text"] = text,
                    ["locale"] = "nb-NO",
                    ["channelData"] = new JsonObject { ["clientActivityID"] = clientId },
                }),
            };
            request.Headers.Authorization = new("Bearer", conversation.Token);
            return request;
        }, cancellationToken);
        Record(new AckedMessage("directline", conversation.Address, clientId, text, crisis, final));
    }

    public int Seed { get; init; }

    private void Record(AckedMessage message)
    {
        Acknowledged.Enqueue(message);
        Interlocked.Increment(ref _acknowledged);
    }

    private HttpRequestMessage SmsRequest(string from, string sid, string body)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("AccountSid", accountSid), new("ApiVersion", "2010-04-01"), new("Body", body), new("From", from),
            new("FromCountry", "NO"), new("MessageSid", sid), new("NumMedia", "0"), new("NumSegments", "1"),
            new("SmsMessageSid", sid), new("SmsSid", sid), new("SmsStatus", "received"), new("To", botNumber),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, TwilioEndpoints.WebhookPath.TrimStart('/')))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Add(TwilioWebhooks.SignatureHeader, TwilioSignature.Compute(twilioAuthToken, publicBaseUrl + TwilioEndpoints.WebhookPath, form));
        return request;
    }

    /// <summary>Posts until the bot answers 2xx; a failed connection, a timeout or a 5xx is retried (and counted).</summary>
    private async Task<string> PostWithRetriesAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + GiveUpAfter;
        for (var attempt = 1; ; attempt++)
        {
            string? problem;
            try
            {
                using var request = build();
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }

                if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    throw new InvalidOperationException($"The bot refused a post: {(int)response.StatusCode} {body}");
                }

                problem = $"{(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                problem = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = "timeout";
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"A post was not acknowledged in {GiveUpAfter} (last: {problem}).");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(Math.Min(100 * attempt, 1000), cancellationToken);
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
