using Dialogue.Cases.Persistence;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;

namespace Dialogue.Cases.Safety;

/// <summary>
/// SMS to staff work phones about escalations. They never hold personal details — only that there is something in
/// the inbox — because a phone's lock screen shows them. Written to the outbox (sent by the Twilio transport, with its
/// retries), in the caller's transaction.
/// </summary>
public static class StaffNotices
{
    public static readonly TextId NewEscalation = new("staff.notify.new");
    public static readonly TextId Overdue = new("staff.notify.overdue");

    /// <summary>Queues one notice to <paramref name="to"/>, to be sent at <paramref name="sendAt"/> (not before).</summary>
    public static OutboundActivity Queue(DialogueDbContext db, TextCatalog texts, PhoneNumber to, TextId text, DateTimeOffset now, DateTimeOffset sendAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(texts);
        var body = Gsm7.ToSafe(texts.Render(text));
        var row = new OutboundActivity
        {
            InboundId = 0,
            ChannelId = KnownChannels.Sms,
            ConversationId = to.E164,
            ServiceUrl = string.Empty,
            ActivityJson = ActivityJson.Serialize(new Activity
            {
                Type = ActivityTypes.Message,
                Id = $"staff-notice-{Guid.NewGuid():N}",
                ChannelId = KnownChannels.Sms,
                Conversation = new ConversationAccount { Id = to.E164 },
                Recipient = new ChannelAccount { Id = to.E164 },
                From = new ChannelAccount { Id = "dialogue", Name = "NAV" },
                Timestamp = now,
                Locale = "nb-NO",
                TextFormat = TextFormatTypes.Plain,
                Text = body,
            }),
            Status = OutboundStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = sendAt > now ? sendAt : now,
        };
        db.Outbox.Add(row);
        return row;
    }
}
