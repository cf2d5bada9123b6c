using System.Text;
using System.Text.Json;
using Dialogue.Bot.Auth;
using Dialogue.Cases.Messaging;
using Dialogue.Framework.Protocol;

namespace Dialogue.Bot.Endpoints;

/// <summary>
/// <c>POST /api/messages</c>: the Bot Framework Connector endpoint. The activity is stored in the inbox before it is
/// acknowledged. With <c>deliveryMode: expectReplies</c> the replies come back in the response
/// (<c>{"activities": [...]}</c>), and the activity is stored in the same transaction as its turn (nothing is
/// acknowledged before that commit); otherwise the request is acknowledged at once and the replies go to the activity's
/// <c>serviceUrl</c> through the outbox. A retried duplicate (same channel, conversation and activity id) is answered
/// but not processed twice. Callers are checked by <see cref="ChannelAuthenticator"/> first: a Bot Framework channel
/// token when <c>MicrosoftAppId</c> is set, otherwise only requests from this machine.
/// </summary>
public static partial class MessagesEndpoint
{
    public const int MaxBodyBytes = 256 * 1024;

    public static void MapMessagesEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/messages", PostActivityAsync);

    private static async Task<IResult> PostActivityAsync(
        HttpContext http, TurnProcessor processor, ChannelAuthenticator auth, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        // Who is calling is settled from the headers before the body is read or parsed.
        var (caller, refusal) = await auth.AuthenticateAsync(http, http.RequestAborted).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!IsJson(http.Request.ContentType))
        {
            return ApiErrors.Error(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType",
                "Send the activity as application/json.");
        }

        var body = await ReadBodyAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return ApiErrors.Error(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge",
                $"An activity may be at most {MaxBodyBytes / 1024} KB.");
        }

        Activity? activity;
        try
        {
            activity = ActivityJson.Deserialize(body);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("The body is not a valid activity in JSON.");
        }

        if (activity is null)
        {
            return ApiErrors.BadRequest("The body is not a valid activity in JSON.");
        }

        var problems = activity.Validate().ToList();
        var expectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            problems.Add("channelId is required.");
        }

        if (!expectReplies && !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out _))
        {
            problems.Add("serviceUrl must be an absolute URL unless deliveryMode is expectReplies.");
        }

        if (problems.Count > 0)
        {
            return ApiErrors.BadRequest(string.Join(" ", problems));
        }

        if (auth.Authorize(http, caller!, activity) is { } refused)
        {
            return refused;
        }

        if (string.Equals(activity.Type, ActivityTypes.Typing, StringComparison.Ordinal))
        {
            return expectReplies ? Results.Json(new ExpectedReplies(), ActivityJson.Options) : Results.Ok();
        }

        // Once stored, the turn must finish even if the caller hangs up; only shutdown stops it.
        var stopping = lifetime.ApplicationStopping;
        try
        {
            if (!expectReplies)
            {
                // Acknowledged once stored; the turn runs afterwards and its replies go out through the outbox.
                await processor.ReceiveAsync(activity, stopping).ConfigureAwait(false);
                return Results.Ok();
            }

            // The caller waits for the replies, so the activity is stored with its turn, in one commit: nothing is
            // acknowledged before it, and a retry of the same activity id gets the stored replies.
            var replies = await processor.ReceiveAndProcessAsync(activity, stopping).ConfigureAwait(false);
            return Results.Json(new ExpectedReplies { Activities = [.. replies] }, ActivityJson.Options);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || stopping.IsCancellationRequested)
        {
            LogUnavailable(loggers.CreateLogger(typeof(MessagesEndpoint)), ex, activity.Conversation?.Id);
            http.Response.Headers.RetryAfter = "5";
            return ApiErrors.Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
                "The bot cannot take messages right now. Retry with the same activity id.");
        }
    }

    private static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is larger.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "Could not store or run an activity for {ConversationId}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string? conversationId);
}
