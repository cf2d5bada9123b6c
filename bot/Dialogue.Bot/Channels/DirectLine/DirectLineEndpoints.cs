using System.Globalization;
using System.Security.Cryptography;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Dialogue.Bot.Endpoints;
using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Messaging;
using Dialogue.Framework.Protocol;

namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>
/// Direct Line 3.0 under <c>/v3/directline/</c>, for Web Chat, DirectLineJS and other Direct Line clients: tokens
/// (generate, refresh), conversations (start, reconnect), activities (post, get from a watermark) and the WebSocket
/// stream. A secret (<c>DirectLine:Secret</c>) may use any conversation; a token only its own, as its own user.
/// What the person sends is added to the conversation's activity log (the echo the client waits for) and stored in
/// the inbox; the inbox worker runs the turn and the replies reach the log through the outbox.
/// </summary>
public static partial class DirectLineEndpoints
{
    public const string BasePath = "/v3/directline";
    public const int MaxBodyBytes = 256 * 1024;
    private const int MaxIdLength = 100;

    public static IEndpointRouteBuilder MapDirectLineEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath);
        api.MapPost("/tokens/generate", GenerateTokenAsync);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversationAsync);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
        api.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        api.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        api.Map("/conversations/{conversationId}/stream", DirectLineStream.AcceptAsync);
        return app;
    }

    /// <summary>Who is calling: the holder of the secret (any conversation), or a token's user (one conversation).</summary>
    internal sealed record Caller(bool IsSecret, DirectLineToken? Token)
    {
        public bool MayUse(string conversationId) =>
            IsSecret || string.Equals(Token?.ConversationId, conversationId, StringComparison.Ordinal);
    }

    private static async Task<IResult> GenerateTokenAsync(HttpContext http, DirectLineTokens tokens, ILoggerFactory loggers)
    {
        if (Authenticate(http.Request, tokens, out var caller) is { } refused)
        {
            return refused;
        }

        if (!caller.IsSecret)
        {
            return Forbidden("Only the Direct Line secret can generate tokens.");
        }

        var (body, bad) = await ReadJsonAsync(http.Request).ConfigureAwait(false);
        if (bad is not null)
        {
            return bad;
        }

        var userId = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("user", out var user)
            && user.ValueKind == JsonValueKind.Object && user.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
        if (userId is not null && !IsValidId(userId))
        {
            return ApiErrors.BadRequest($"user.id must be 1 to {MaxIdLength} printable characters.");
        }

        var conversationId = NewConversationId();
        var issued = tokens.Issue(conversationId, userId ?? NewUserId());
        LogTokenGenerated(loggers.CreateLogger(typeof(DirectLineEndpoints)), conversationId);
        return NoStore(http, Results.Json(
            new DirectLineConversation { ConversationId = conversationId, Token = issued.Token, ExpiresIn = issued.ExpiresIn },
            ActivityJson.Options));
    }

    private static IResult RefreshToken(HttpContext http, DirectLineTokens tokens)
    {
        if (Authenticate(http.Request, tokens, out var caller) is { } refused)
        {
            return refused;
        }

        if (caller.Token is not { } token)
        {
            return ApiErrors.BadRequest("Refresh a token, not the secret: send the token as Authorization: Bearer {token}.");
        }

        var issued = tokens.Issue(token.ConversationId, token.UserId);
        return NoStore(http, Results.Json(
            new DirectLineConversation { ConversationId = token.ConversationId, Token = issued.Token, ExpiresIn = issued.ExpiresIn },
            ActivityJson.Options));
    }

    private static async Task<IResult> StartConversationAsync(
        HttpContext http, DirectLineTokens tokens, DirectLineStore store, TurnProcessor processor, IHostApplicationLifetime lifetime,
        TimeProvider clock, ILoggerFactory loggers)
    {
        if (Authenticate(http.Request, tokens, out var caller) is { } refused)
        {
            return refused;
        }

        var (body, bad) = await ReadJsonAsync(http.Request).ConfigureAwait(false);
        if (bad is not null)
        {
            return bad;
        }

        string conversationId;
        string userId;
        IssuedToken token;
        if (caller.Token is { } own)
        {
            // A token names its conversation and user; whatever the body says about the user is ignored.
            conversationId = own.ConversationId;
            userId = own.UserId;
            token = new IssuedToken(BearerOf(http.Request)!, SecondsLeft(own, clock));
        }
        else
        {
            var requested = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("user", out var user)
                && user.ValueKind == JsonValueKind.Object && user.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;
            if (requested is not null && !IsValidId(requested))
            {
                return ApiErrors.BadRequest($"user.id must be 1 to {MaxIdLength} printable characters.");
            }

            conversationId = NewConversationId();
            userId = requested ?? NewUserId();
            token = tokens.Issue(conversationId, userId);
        }

        var locale = body is { ValueKind: JsonValueKind.Object } l && l.TryGetProperty("locale", out var loc) && loc.ValueKind == JsonValueKind.String
            ? loc.GetString()
            : null;
        bool started;
        try
        {
            started = await EnsureStartedAsync(http.Request, store, processor, conversationId, userId, locale, clock, lifetime.ApplicationStopping)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return Unavailable(http, loggers, ex, conversationId);
        }

        var answer = new DirectLineConversation
        {
            ConversationId = conversationId,
            Token = token.Token,
            ExpiresIn = token.ExpiresIn,
            StreamUrl = StreamUrl(http.Request, tokens, conversationId, userId, watermark: null),
        };
        return NoStore(http, Results.Json(answer, ActivityJson.Options,
            statusCode: started ? StatusCodes.Status201Created : StatusCodes.Status200OK));
    }

    private static async Task<IResult> ReconnectAsync(
        HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, DirectLineStore store, TimeProvider clock)
    {
        if (Authorize(http.Request, tokens, conversationId, out var caller) is { } refused)
        {
            return refused;
        }

        if (ParseWatermark(watermark) is not { } from)
        {
            return ApiErrors.BadRequest("watermark must be a number from an earlier answer.");
        }

        string userId;
        IssuedToken token;
        if (caller.Token is { } own)
        {
            userId = own.UserId;
            token = new IssuedToken(BearerOf(http.Request)!, SecondsLeft(own, clock));
        }
        else
        {
            if (await store.FindAsync(conversationId, http.RequestAborted).ConfigureAwait(false) is not { } conversation)
            {
                return NotFound();
            }

            userId = conversation.UserId;
            token = tokens.Issue(conversationId, userId);
        }

        return NoStore(http, Results.Json(new DirectLineConversation
        {
            ConversationId = conversationId,
            Token = token.Token,
            ExpiresIn = token.ExpiresIn,
            StreamUrl = StreamUrl(http.Request, tokens, conversationId, userId, from == 0 ? null : from),
        }, ActivityJson.Options));
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineStore store, TurnProcessor processor,
        IHostApplicationLifetime lifetime, TimeProvider clock, ILoggerFactory loggers)
    {
        if (Authorize(http.Request, tokens, conversationId, out var caller) is { } refused)
        {
            return refused;
        }

        var (body, bad) = await ReadJsonAsync(http.Request).ConfigureAwait(false);
        if (bad is not null)
        {
            return bad;
        }

        Activity? activity;
        try
        {
            activity = body is { ValueKind: JsonValueKind.Object } b ? b.Deserialize<Activity>(ActivityJson.Options) : null;
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return ApiErrors.BadRequest("The body must be an activity with a type.");
        }

        if (activity.IsType(ActivityTypes.Typing))
        {
            // The person is typing: nothing for the bot to do, nothing to keep.
            return Results.Json(new ResourceResponse { Id = $"{conversationId}|typing" }, ActivityJson.Options);
        }

        if (!activity.IsType(ActivityTypes.Message) && !activity.IsType(ActivityTypes.Event))
        {
            return ApiErrors.BadRequest("Only message, event and typing activities can be sent.");
        }

        var stopping = lifetime.ApplicationStopping;
        string userId;
        try
        {
            var conversation = await store.FindAsync(conversationId, stopping).ConfigureAwait(false);
            if (caller.Token is { } own)
            {
                userId = own.UserId;
                if (conversation is null)
                {
                    // Posting first is allowed (e.g. a token from tokens/generate): the conversation starts now, greeting first.
                    await EnsureStartedAsync(http.Request, store, processor, conversationId, userId, activity.Locale, clock, stopping).ConfigureAwait(false);
                }
            }
            else if (conversation is null)
            {
                return NotFound();
            }
            else if (string.IsNullOrEmpty(activity.From?.Id))
            {
                userId = conversation.UserId;
            }
            else if (IsValidId(activity.From.Id))
            {
                userId = activity.From.Id; // the secret's holder speaks for whom it says
            }
            else
            {
                return ApiErrors.BadRequest($"from.id must be 1 to {MaxIdLength} printable characters.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || stopping.IsCancellationRequested)
        {
            return Unavailable(http, loggers, ex, conversationId);
        }

        activity.ChannelId = DirectLineChannel.Id;
        activity.ServiceUrl = BaseUrl(http.Request);
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.From = new ChannelAccount { Id = userId, Name = activity.From?.Name, Role = RoleTypes.User };
        activity.Recipient = DirectLineChannel.Bot();
        activity.DeliveryMode = null; // replies always come through the conversation, never in this response
        activity.Timestamp = clock.GetUtcNow();
        activity.Id = null;

        LoggedActivity logged;
        try
        {
            // The echo first, so the person's message is always above the bot's answer to it. A client repeating a post
            // it got no answer to (the process died after storing it, or the first copy is still running) carries the
            // same clientActivityID: the log returns the message it already holds, with its id, so it is shown once;
            // the inbox below stores it if the crash came before that, and otherwise takes it as a duplicate (run once).
            logged = await store.AppendAsync(conversationId, activity, outboundId: null, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || stopping.IsCancellationRequested)
        {
            return Unavailable(http, loggers, ex, conversationId);
        }

        try
        {
            await processor.ReceiveAsync(activity, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || stopping.IsCancellationRequested)
        {
            try
            {
                // Only an echo this request added is taken back: a repeat's echo belongs to the first copy.
                if (!logged.Repeat)
                {
                    await store.RemoveAsync(conversationId, logged.Sequence, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception cleanup) when (cleanup is not OperationCanceledException)
            {
                LogEchoLeft(loggers.CreateLogger(typeof(DirectLineEndpoints)), cleanup, conversationId);
            }

            return Unavailable(http, loggers, ex, conversationId);
        }

        return Results.Json(new ResourceResponse { Id = logged.ActivityId }, ActivityJson.Options);
    }

    private static async Task<IResult> GetActivitiesAsync(
        HttpContext http, string conversationId, string? watermark, DirectLineTokens tokens, DirectLineStore store)
    {
        if (Authorize(http.Request, tokens, conversationId, out _) is { } refused)
        {
            return refused;
        }

        if (ParseWatermark(watermark) is not { } from)
        {
            return ApiErrors.BadRequest("watermark must be a number from an earlier answer.");
        }

        var set = await store.ReadAsync(conversationId, from, http.RequestAborted).ConfigureAwait(false);
        return NoStore(http, Results.Json(set, ActivityJson.Options));
    }

    /// <summary>
    /// Records the conversation and stores the person joining (a conversationUpdate) in the inbox, so the worker runs
    /// the bot's greeting. The inbox makes the join idempotent: asking twice greets once. True when it started now.
    /// </summary>
    private static async Task<bool> EnsureStartedAsync(
        HttpRequest request, DirectLineStore store, TurnProcessor processor, string conversationId, string userId, string? locale,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var started = await store.StartAsync(conversationId, userId, cancellationToken).ConfigureAwait(false);
        var user = new ChannelAccount { Id = userId, Role = RoleTypes.User };
        var bot = DirectLineChannel.Bot();
        await processor.ReceiveAsync(new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            Id = "start",
            ChannelId = DirectLineChannel.Id,
            ServiceUrl = BaseUrl(request),
            Timestamp = clock.GetUtcNow(),
            From = user.Clone(),
            Recipient = bot.Clone(),
            Conversation = new ConversationAccount { Id = conversationId },
            MembersAdded = [user, bot],
            Locale = string.IsNullOrWhiteSpace(locale) ? "nb-NO" : locale,
        }, cancellationToken).ConfigureAwait(false);
        return started;
    }

    /// <summary>Accepts the secret or a valid conversation token; anything else is refused (401 without one, 403 with a bad one).</summary>
    internal static IResult? Authenticate(HttpRequest request, DirectLineTokens tokens, out Caller caller)
    {
        caller = new Caller(false, null);
        var presented = BearerOf(request);
        if (string.IsNullOrEmpty(presented))
        {
            return ApiErrors.Error(StatusCodes.Status401Unauthorized, "Unauthorized",
                "Send the Direct Line secret or a token as Authorization: Bearer {secret or token}.");
        }

        if (tokens.IsSecret(presented))
        {
            caller = new Caller(true, null);
            return null;
        }

        var (token, problem) = tokens.Validate(presented, TokenScope.Conversation);
        if (token is null)
        {
            return problem == TokenProblem.Expired
                ? ApiErrors.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired. Get a new one.")
                : Forbidden("The secret or token is not valid.");
        }

        caller = new Caller(false, token);
        return null;
    }

    private static IResult? Authorize(HttpRequest request, DirectLineTokens tokens, string conversationId, out Caller caller) =>
        Authenticate(request, tokens, out caller) ?? (caller.MayUse(conversationId)
            ? null
            : Forbidden("The token is for another conversation."));

    internal static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static int SecondsLeft(DirectLineToken token, TimeProvider clock) =>
        Math.Max(0, (int)(token.ExpiresAt - clock.GetUtcNow()).TotalSeconds);

    internal static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    private static string StreamUrl(HttpRequest request, DirectLineTokens tokens, string conversationId, string userId, long? watermark)
    {
        var scheme = string.Equals(request.Scheme, "https", StringComparison.OrdinalIgnoreCase) ? "wss" : "ws";
        var stream = tokens.Issue(conversationId, userId, TokenScope.Stream);
        var query = watermark is { } w ? $"watermark={w.ToString(CultureInfo.InvariantCulture)}&" : string.Empty;
        return $"{scheme}://{request.Host}{request.PathBase}{BasePath}/conversations/{Uri.EscapeDataString(conversationId)}/stream?{query}t={Uri.EscapeDataString(stream.Token)}";
    }

    /// <summary>Null or empty: from the start (0). Null result: not a watermark.</summary>
    internal static long? ParseWatermark(string? watermark) =>
        string.IsNullOrEmpty(watermark)
            ? 0
            : long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    internal static string NewConversationId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));

    /// <summary>A user id no one can choose: the <c>dl_</c> prefix tells Web Chat the id comes from the token.</summary>
    internal static string NewUserId() => "dl_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(15));

    private static bool IsValidId(string id) =>
        id.Length is > 0 and <= MaxIdLength && !id.Any(char.IsControl) && !id.Any(char.IsWhiteSpace);

    internal static IResult Forbidden(string message) => ApiErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", message);

    private static IResult NotFound() => ApiErrors.Error(StatusCodes.Status404NotFound, "BadArgument", "No such conversation.");

    private static IResult NoStore(HttpContext http, IResult result)
    {
        http.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static IResult Unavailable(HttpContext http, ILoggerFactory loggers, Exception ex, string conversationId)
    {
        LogUnavailable(loggers.CreateLogger(typeof(DirectLineEndpoints)), ex, conversationId);
        http.Response.Headers.RetryAfter = "5";
        return ApiErrors.Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable",
            "The bot cannot take messages right now. Try again in a moment.");
    }

    /// <summary>Reads an optional JSON body (at most <see cref="MaxBodyBytes"/>). Empty body: null, no problem.</summary>
    private static async Task<(JsonElement? Body, IResult? Problem)> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, TooLarge());
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, TooLarge());
            }

            buffer.Write(chunk, 0, read);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            return (null, ApiErrors.BadRequest("The body is not valid JSON."));
        }

        static IResult TooLarge() => ApiErrors.Error(StatusCodes.Status413PayloadTooLarge, "PayloadTooLarge",
            $"A request may be at most {MaxBodyBytes / 1024} KB.");
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Direct Line token generated for conversation {ConversationId}")]
    private static partial void LogTokenGenerated(ILogger logger, string conversationId);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Direct Line: could not store or start in {ConversationId}; answered 503")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(EventId = 402, Level = LogLevel.Error,
        Message = "Direct Line: a message in {ConversationId} was shown to the person but could not be stored, and could not be taken back")]
    private static partial void LogEchoLeft(ILogger logger, Exception exception, string conversationId);
}
