using System.Text.Json;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Safety;

/// <summary>
/// Writes a message into a conversation outside a turn (a veileder's message during a handoff): addressed like a
/// reply to the person's latest message, shaped for the channel (SMS packing) and sent through the outbox, so it
/// reaches the person on the channel they use, with the outbox's retries.
/// </summary>
public sealed class ConversationOutbox(IEnumerable<IReplyPacker> packers)
{
    private readonly Dictionary<string, IReplyPacker> _packers = packers.ToDictionary(p => p.ChannelId, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the outbox rows to <paramref name="db"/> (the caller saves). False when the conversation has no message to answer.</summary>
    public async Task<bool> WriteAsync(
        DialogueDbContext db, ConversationKey conversation, string text, string? fromName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var latest = await db.Inbox.AsNoTracking()
            .Where(x => x.ChannelId == conversation.ChannelId && x.ConversationId == conversation.ConversationId)
            .OrderByDescending(x => x.Id)
            .Select(x => new { x.Id, x.ActivityJson })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        Activity? activity = null;
        try
        {
            activity = latest is null ? null : ActivityJson.Deserialize(latest.ActivityJson);
        }
        catch (JsonException)
        {
            // Unreadable rows cannot be answered; handled below.
        }

        if (latest is null || activity is null)
        {
            return false;
        }

        var reply = activity.CreateReply(text);
        reply.Id = Guid.NewGuid().ToString("N");
        reply.Timestamp = now;
        reply.TextFormat = TextFormatTypes.Plain;
        reply.Locale ??= "nb-NO";
        if (fromName is not null && reply.From is { } from)
        {
            from.Name = fromName;
        }

        var outgoing = _packers.TryGetValue(conversation.ChannelId, out var packer) ? packer.Pack([reply]) : [reply];
        db.Outbox.AddRange(outgoing.Select(message =>
            OutboundActivity.ForReply(latest.Id, conversation.ChannelId, conversation.ConversationId, activity.ServiceUrl, message, now)));
        return true;
    }
}

/// <summary>One line of a conversation as staff read it.</summary>
/// <param name="From">"person", "bot" or "veileder" (a message a veileder wrote in a handoff).</param>
/// <param name="DeliveryStatus">For messages to the person: the channel's last word (sent, delivered, failed...), when known.</param>
public sealed record TranscriptLine(DateTimeOffset At, string From, string Text, string? DeliveryStatus);

/// <summary>
/// A conversation's messages in order, both sides, read from the inbox (what the person wrote, and the answers given
/// in the same request) and the outbox (answers sent later, and veileder messages).
/// </summary>
public static class ConversationTranscript
{
    public static async Task<IReadOnlyList<TranscriptLine>> ReadAsync(
        DialogueDbContext db, ConversationKey conversation, int maxLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var inbound = await db.Inbox.AsNoTracking()
            .Where(x => x.ChannelId == conversation.ChannelId && x.ConversationId == conversation.ConversationId)
            .OrderByDescending(x => x.Id).Take(maxLines)
            .Select(x => new { x.Id, x.ActivityJson, x.ReceivedAt, x.ExpectReplies, x.RepliesJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var outbound = await db.Outbox.AsNoTracking()
            .Where(x => x.ChannelId == conversation.ChannelId && x.ConversationId == conversation.ConversationId)
            .OrderByDescending(x => x.Id).Take(maxLines)
            .Select(x => new { x.Id, x.InboundId, x.ActivityJson, x.CreatedAt, x.DeliveryStatus, x.Status })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Ordered by time, and within the same moment by the message answered: a message, then its answers in order.
        var lines = new List<(TranscriptLine Line, long Inbound, long Order)>();
        foreach (var row in inbound)
        {
            if (Read(row.ActivityJson) is { Type: ActivityTypes.Message, Text: { Length: > 0 } text })
            {
                lines.Add((new TranscriptLine(row.ReceivedAt, "person", text, null), row.Id, 0));
            }

            if (row.ExpectReplies && row.RepliesJson is { } replies)
            {
                var answered = JsonSerializer.Deserialize<List<Activity>>(replies, ActivityJson.Options) ?? [];
                lines.AddRange(answered.Where(a => a.IsType(ActivityTypes.Message) && !string.IsNullOrEmpty(a.Text))
                    .Select((a, i) => (new TranscriptLine(a.Timestamp ?? row.ReceivedAt, "bot", a.Text!, null), row.Id, (long)i + 1)));
            }
        }

        foreach (var row in outbound)
        {
            if (Read(row.ActivityJson) is { Type: ActivityTypes.Message, Text: { Length: > 0 } text } activity)
            {
                var from = activity.From?.Name is { } name && name.EndsWith(StaffDesk.SignatureSuffix, StringComparison.Ordinal) ? "veileder" : "bot";
                var status = row.DeliveryStatus ?? row.Status.ToString().ToLowerInvariant();
                lines.Add((new TranscriptLine(row.CreatedAt, from, text, status), row.InboundId, 1_000_000 + row.Id));
            }
        }

        return lines.OrderBy(l => l.Line.At).ThenBy(l => l.Inbound).ThenBy(l => l.Order)
            .Select(l => l.Line).TakeLast(maxLines).ToList();
    }

    private static Activity? Read(string json)
    {
        try
        {
            return ActivityJson.Deserialize(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
