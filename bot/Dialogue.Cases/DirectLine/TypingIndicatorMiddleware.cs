using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;

namespace Dialogue.Cases.DirectLine;

/// <summary>
/// While the bot works on a Direct Line message, the people watching the conversation see that it is typing. The
/// typing activity goes only to clients connected now (WebSocket); it is never stored.
/// </summary>
public sealed class TypingIndicatorMiddleware(ConversationFeed feed) : ITurnMiddleware
{
    public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var activity = turn.Activity;
        if (DirectLineChannel.Is(activity.ChannelId) && activity.IsType(ActivityTypes.Message))
        {
            feed.PublishEphemeral(turn.Conversation.ConversationId, new Activity
            {
                Type = ActivityTypes.Typing,
                Id = $"typing-{Guid.NewGuid():N}",
                ChannelId = activity.ChannelId,
                Timestamp = turn.Clock.GetUtcNow(),
                From = activity.Recipient?.Clone() ?? DirectLineChannel.Bot(),
                Recipient = activity.From?.Clone(),
                Conversation = new ConversationAccount { Id = turn.Conversation.ConversationId },
                ReplyToId = activity.Id,
            });
        }

        return next(cancellationToken);
    }
}
