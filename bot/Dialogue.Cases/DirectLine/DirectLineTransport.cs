using System.Text.Json;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;

namespace Dialogue.Cases.DirectLine;

/// <summary>
/// Delivers the bot's replies in Direct Line conversations: appends the outbox row's activity to the conversation's
/// log (once per row), where the client reads it over its WebSocket or by polling.
/// </summary>
public sealed class DirectLineTransport(DirectLineStore store) : IChannelTransport
{
    public string ChannelId => DirectLineChannel.Id;

    public async Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Activity? activity;
        try
        {
            activity = ActivityJson.Deserialize(message.ActivityJson);
        }
        catch (JsonException ex)
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, $"Not a readable activity: {ex.Message}");
        }

        if (activity is null)
        {
            return new DeliveryResult(DeliveryOutcome.Rejected, "Not a readable activity.");
        }

        if (activity.From is { Role: null } from)
        {
            from.Role = RoleTypes.Bot;
        }

        // A reply to something the client never saw (the conversation's start) must not point at it: Web Chat holds
        // back a reply until the activity it answers has arrived.
        if (activity.ReplyToId is { } replyTo && !replyTo.StartsWith(message.ConversationId + "|", StringComparison.Ordinal))
        {
            activity.ReplyToId = null;
        }

        await store.AppendAsync(message.ConversationId, activity, message.Id, cancellationToken).ConfigureAwait(false);
        return DeliveryResult.Sent;
    }
}
