using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Dialogue.Bot.Endpoints;
using Dialogue.Cases.DirectLine;
using Dialogue.Framework.Protocol;

namespace Dialogue.Bot.Channels.DirectLine;

/// <summary>
/// The WebSocket stream of one Direct Line conversation (the <c>streamUrl</c>): an ActivitySet for every batch of new
/// activities after the watermark, ephemeral ones (typing) as they happen, and an empty message after a quiet spell
/// so the connection stays up. The client's own messages on the socket (DirectLineJS sends empty pings) are read and
/// ignored. On shutdown the socket is closed with "going away" so the client reconnects, to this or another replica.
/// </summary>
internal static partial class DirectLineStream
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    public static async Task AcceptAsync(
        HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineStore store, ConversationFeed feed,
        DirectLineSettings settings, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.BadRequest("The stream is a WebSocket: connect with ws:// or wss://.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var (token, problem) = tokens.Validate(http.Request.Query["t"].ToString(), TokenScope.Stream);
        if (token is null || !string.Equals(token.ConversationId, conversationId, StringComparison.Ordinal))
        {
            var refusal = problem == TokenProblem.Expired
                ? ApiErrors.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The stream URL has expired. Ask for the conversation again.")
                : DirectLineEndpoints.Forbidden("The stream URL is not valid for this conversation.");
            await refusal.ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (DirectLineEndpoints.ParseWatermark(http.Request.Query["watermark"].ToString()) is not { } watermark)
        {
            await ApiErrors.BadRequest("watermark must be a number from an earlier answer.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var logger = loggers.CreateLogger(typeof(DirectLineStream));
        using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);

        // Listen before the first read, so nothing that happens in between is missed.
        using var subscription = feed.Subscribe(conversationId);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping, http.RequestAborted);
        var clientClosed = ReadUntilClosedAsync(socket, stop.Token);
        var quietSince = Stopwatch.GetTimestamp();
        try
        {
            while (!clientClosed.IsCompleted && !stop.IsCancellationRequested)
            {
                // Typing queued since the last round goes out with the log's news, right after the person's latest
                // message in it, so it never lands after the reply it announced.
                var ephemeral = subscription.TakeEphemeral();
                while (true)
                {
                    var set = await store.ReadAsync(conversationId, watermark, stop.Token).ConfigureAwait(false);
                    watermark = DirectLineEndpoints.ParseWatermark(set.Watermark) ?? watermark;
                    if (ephemeral.Count > 0)
                    {
                        var after = set.Activities.FindLastIndex(a => a.From?.Role == RoleTypes.User) + 1;
                        set.Activities.InsertRange(after, ephemeral);
                        if (set.Activities.Count == ephemeral.Count)
                        {
                            set.Watermark = null; // nothing new in the log: leave the client's watermark as it is
                        }

                        ephemeral = [];
                    }

                    if (set.Activities.Count == 0)
                    {
                        break;
                    }

                    await SendAsync(socket, set, stop.Token).ConfigureAwait(false);
                    quietSince = Stopwatch.GetTimestamp();
                    if (set.Activities.Count < DirectLineStore.PageSize)
                    {
                        break;
                    }
                }

                var quiet = Stopwatch.GetElapsedTime(quietSince);
                if (quiet >= settings.KeepAliveInterval)
                {
                    await SendRawAsync(socket, ReadOnlyMemory<byte>.Empty, stop.Token).ConfigureAwait(false);
                    quietSince = Stopwatch.GetTimestamp();
                    quiet = TimeSpan.Zero;
                }

                var untilKeepAlive = settings.KeepAliveInterval - quiet;
                var wait = untilKeepAlive < settings.StreamPollInterval ? untilKeepAlive : settings.StreamPollInterval;
                await Task.WhenAny(subscription.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stop.Token), clientClosed)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down, the client went away, or it stopped reading (a send timed out and aborted the socket).
        }
        catch (WebSocketException ex)
        {
            LogStreamBroken(logger, conversationId, ex.WebSocketErrorCode);
        }
        catch (Exception ex)
        {
            // E.g. the database is away for a moment: close, and the client reconnects from its watermark.
            LogStreamFailed(logger, ex, conversationId);
            await CloseAsync(socket, WebSocketCloseStatus.InternalServerError, "Try again.").ConfigureAwait(false);
            return;
        }

        var shuttingDown = lifetime.ApplicationStopping.IsCancellationRequested;
        await CloseAsync(socket,
            shuttingDown ? WebSocketCloseStatus.EndpointUnavailable : WebSocketCloseStatus.NormalClosure,
            shuttingDown ? "The server is restarting." : null).ConfigureAwait(false);
    }

    private static async Task ReadUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The connection is gone or we are stopping; either way there is nothing more to read.
        }
    }

    private static Task SendAsync(WebSocket socket, ActivitySet set, CancellationToken cancellationToken) =>
        SendRawAsync(socket, JsonSerializer.SerializeToUtf8Bytes(set, ActivityJson.Options), cancellationToken);

    private static async Task SendRawAsync(WebSocket socket, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        // A client that stops reading must not hold the stream forever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string? reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseTimeout);
        try
        {
            await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Direct Line stream for {ConversationId} broke off ({Error})")]
    private static partial void LogStreamBroken(ILogger logger, string conversationId, WebSocketError error);

    [LoggerMessage(EventId = 411, Level = LogLevel.Warning, Message = "Direct Line stream for {ConversationId} failed; closed so the client reconnects")]
    private static partial void LogStreamFailed(ILogger logger, Exception exception, string conversationId);
}
