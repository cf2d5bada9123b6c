using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
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

    /// <summary>The prefix of a notice's activity id, so senders can tell a notice from a message to a person.</summary>
    public const string IdPrefix = "staff-notice";

    /// <summary>True for a notice to a member of staff's work phone.</summary>
    public static bool IsNotice(Dialogue.Framework.Protocol.Activity? activity) =>
        activity?.Id is { } id && id.StartsWith(IdPrefix + "-", StringComparison.Ordinal);

    /// <summary>Queues one notice to <paramref name="to"/>, to be sent at <paramref name="sendAt"/> (not before).</summary>
    public static OutboundActivity Queue(DialogueDbContext db, TextCatalog texts, PhoneNumber to, TextId text, DateTimeOffset now, DateTimeOffset sendAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(texts);
        var row = ProactiveSms.SmsToNumber(to, Gsm7.ToSafe(texts.Render(text)), now, sendAt, proactive: false, IdPrefix);
        db.Outbox.Add(row);
        return row;
    }
}
