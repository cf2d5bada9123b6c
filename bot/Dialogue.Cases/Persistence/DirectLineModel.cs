using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>A Direct Line conversation: started once (the bot greets then), for one user account.</summary>
public sealed class DirectLineConversationRecord
{
    public required string Id { get; init; }

    /// <summary>The <c>from.id</c> of the person in this conversation (in the token the conversation was started with).</summary>
    public required string UserId { get; init; }

    public DateTimeOffset StartedAt { get; init; }
}

/// <summary>
/// One activity in a Direct Line conversation as the client sees it: the person's own activities (the echo) and the
/// bot's replies, in order. <see cref="Sequence"/> counts up per conversation and is the watermark.
/// </summary>
public sealed class DirectLineActivityRecord
{
    public long Id { get; set; }

    public required string ConversationId { get; init; }

    public long Sequence { get; set; }

    /// <summary>The id the client sees: <c>{conversationId}|{sequence}</c>.</summary>
    public required string ActivityId { get; set; }

    public required string ActivityJson { get; set; }

    /// <summary>The outbox row this reply came from, so a redelivered row is not shown twice. Null for the person's own activities.</summary>
    public long? OutboundId { get; init; }

    /// <summary>
    /// The <c>channelData.clientActivityID</c> the person's client sent the message with, unique per conversation, so a
    /// post the client repeats (it never got the answer) is logged once, also when both copies arrive at the same moment.
    /// </summary>
    public string? ClientActivityId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>How the Direct Line conversations and their activity log are stored.</summary>
internal static class DirectLineModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<DirectLineConversationRecord>(e =>
        {
            e.ToTable("directline_conversations");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(100);
            e.Property(x => x.UserId).HasMaxLength(200);
        });
        b.Entity<DirectLineActivityRecord>(e =>
        {
            e.ToTable("directline_activities");
            e.HasKey(x => x.Id);
            e.Property(x => x.ConversationId).HasMaxLength(100);
            e.Property(x => x.ActivityId).HasMaxLength(200);
            e.HasIndex(x => new { x.ConversationId, x.Sequence }).IsUnique().HasDatabaseName("ux_directline_activities_sequence");
            e.HasIndex(x => x.OutboundId).IsUnique().HasDatabaseName("ux_directline_activities_outbound");
            e.Property(x => x.ClientActivityId).HasMaxLength(DirectLine.DirectLineStore.MaxClientActivityIdLength);
            e.HasIndex(x => new { x.ConversationId, x.ClientActivityId }).IsUnique().HasDatabaseName("ux_directline_activities_client_id");
        });
    }
}
