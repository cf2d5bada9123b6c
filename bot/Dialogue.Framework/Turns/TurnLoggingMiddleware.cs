using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Dialogue.Framework.Turns;

/// <summary>
/// Logs each turn with its conversation id, activity type and duration. Message text is logged at Debug only:
/// what people write to the bot is sensitive and never belongs in Information-level logs.
/// </summary>
public sealed partial class TurnLoggingMiddleware(ILogger<TurnLoggingMiddleware> logger) : ITurnMiddleware
{
    public int Order => MiddlewareOrder.Logging;

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var started = Stopwatch.GetTimestamp();
        LogTurnText(logger, turn.Conversation.ToString(), turn.Activity.Text);
        await next(cancellationToken).ConfigureAwait(false);
        LogTurn(logger, turn.Conversation.ToString(), turn.Activity.Type, turn.Replies.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information,
        Message = "Turn in {ConversationId}: {ActivityType}, {ReplyCount} replies, {ElapsedMs:0.0} ms")]
    private static partial void LogTurn(ILogger logger, string conversationId, string? activityType, int replyCount, double elapsedMs);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "Turn text in {ConversationId}: {Text}")]
    private static partial void LogTurnText(ILogger logger, string conversationId, string? text);
}
