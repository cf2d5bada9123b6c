namespace Dialogue.Cases.Persistence;

/// <summary>Conversation or user state as JSON, with a version used as an optimistic-concurrency token (the ETag).</summary>
public sealed class StateRecord
{
    public required string Key { get; set; }

    public required string Json { get; set; }

    public long Version { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public enum InboundStatus
{
    /// <summary>Stored and acknowledged, not yet processed (e.g. received just before a crash).</summary>
    Pending = 0,

    Processed = 1,

    /// <summary>The turn threw; the person got an apology and the state was left as it was.</summary>
    Failed = 2,
}

/// <summary>
/// The inbox: every inbound activity, stored before it is acknowledged, unique per channel, conversation and
/// activity id so that a retried delivery is answered from here instead of being processed twice.
/// </summary>
public sealed class InboundActivity
{
    public long Id { get; set; }

    public required string ChannelId { get; set; }

    public required string ConversationId { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityJson { get; set; }

    public bool ExpectReplies { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public InboundStatus Status { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }

    /// <summary>The replies the turn produced, kept to answer a retried duplicate the same way.</summary>
    public string? RepliesJson { get; set; }

    public long Version { get; set; }
}

public enum OutboundStatus
{
    Pending = 0,
    Sent = 1,

    /// <summary>The channel refused it for good, or retries ran out; kept with the last error for staff to see.</summary>
    Dead = 2,
}

/// <summary>The outbox: a reply that must reach a channel, written in the same transaction as the turn's state.</summary>
public sealed class OutboundActivity
{
    /// <summary>A row sending <paramref name="reply"/> now, in answer to inbox row <paramref name="inboundId"/>.</summary>
    public static OutboundActivity ForReply(
        long inboundId, string channelId, string conversationId, string? serviceUrl, Dialogue.Framework.Protocol.Activity reply, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return new OutboundActivity
        {
            InboundId = inboundId,
            ChannelId = channelId,
            ConversationId = conversationId,
            ServiceUrl = serviceUrl ?? string.Empty,
            ReplyToId = reply.ReplyToId,
            ActivityJson = Dialogue.Framework.Protocol.ActivityJson.Serialize(reply),
            Status = OutboundStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    public long Id { get; set; }

    public long InboundId { get; set; }

    public required string ChannelId { get; set; }

    public required string ConversationId { get; set; }

    public required string ServiceUrl { get; set; }

    public string? ReplyToId { get; set; }

    public required string ActivityJson { get; set; }

    public OutboundStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }

    // SMS (M0005): what the provider said about the message after it took it, and whether the bot started the contact.

    /// <summary>The provider's id for the sent message (Twilio's message sid), used to match delivery receipts.</summary>
    public string? ProviderMessageId { get; set; }

    /// <summary>The provider's latest delivery status (queued, sent, delivered, undelivered, failed; suppressed when never sent).</summary>
    public string? DeliveryStatus { get; set; }

    public DateTimeOffset? DeliveryStatusAt { get; set; }

    /// <summary>The provider's error code for a refused or undelivered message (Twilio: 30003 unreachable, 21610 unsubscribed, ...).</summary>
    public string? DeliveryErrorCode { get; set; }

    /// <summary>Sent on the bot's own initiative (not an answer): only in the channel's sending hours, never held ahead of answers.</summary>
    public bool Proactive { get; set; }
}
