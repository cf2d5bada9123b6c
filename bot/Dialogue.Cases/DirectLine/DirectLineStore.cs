using System.Globalization;
using System.Text.Json;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.DirectLine;

/// <summary>
/// An activity as it was added to a conversation's log: the id the client sees, and its place in the log.
/// <paramref name="Repeat"/>: it was in the log already (a redelivered outbox row, or a post the client repeated).
/// </summary>
public sealed record LoggedActivity(string ActivityId, long Sequence, bool Repeat = false);

/// <summary>
/// Direct Line conversations and their activity logs. Each conversation's log is numbered 1, 2, 3, ... in the order
/// rows are committed, so a client that has seen up to a number (its watermark) never misses a later row: a writer
/// that loses the race for a number gets a unique-key conflict and takes the next one.
/// </summary>
public sealed class DirectLineStore(IDbContextFactory<DialogueDbContext> dbFactory, ConversationFeed feed, TimeProvider clock)
{
    /// <summary>How many activities one read returns at most; the client asks again from the new watermark.</summary>
    public const int PageSize = 100;

    private const int MaxAppendAttempts = 20;

    /// <summary>Records a conversation as started. False when it already was (the bot has greeted already).</summary>
    public async Task<bool> StartAsync(string conversationId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (await db.DirectLineConversations.AnyAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        db.DirectLineConversations.Add(new DirectLineConversationRecord { Id = conversationId, UserId = userId, StartedAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            // Started at the same moment by another request.
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (await check.DirectLineConversations.AnyAsync(c => c.Id == conversationId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            throw;
        }
    }

    public async Task<DirectLineConversationRecord?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.DirectLineConversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Adds an activity to the end of the conversation's log and wakes its listeners. The activity gets its Direct Line
    /// id (<c>{conversationId}|{sequence}</c>) and, if it has none, a timestamp. An activity is logged once: with
    /// <paramref name="outboundId"/> once per outbox row (a redelivery returns the row already logged), and a person's
    /// message with a <c>channelData.clientActivityID</c> once per client id in the conversation (a client repeating a
    /// post it got no answer to, also at the same moment as the first, gets the row already logged, and the activity
    /// takes its id). Such returns are marked <see cref="LoggedActivity.Repeat"/>.
    /// </summary>
    public async Task<LoggedActivity> AppendAsync(string conversationId, Activity activity, long? outboundId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var clientId = outboundId is null && ClientActivityIdOf(activity) is { } id && IsPlainClientId(id) ? id : null;
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (outboundId is { } outbound
                && await db.DirectLineActivities.AsNoTracking().Where(a => a.OutboundId == outbound)
                    .Select(a => new LoggedActivity(a.ActivityId, a.Sequence, true))
                    .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } already)
            {
                return already;
            }

            if (clientId is not null
                && await db.DirectLineActivities.AsNoTracking().Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientId)
                    .Select(a => new { a.ActivityId, a.Sequence, a.ActivityJson })
                    .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } posted)
            {
                if (string.Equals(TryRead(posted.ActivityJson)?.From?.Id, activity.From?.Id, StringComparison.Ordinal))
                {
                    activity.Id = posted.ActivityId;
                    return new LoggedActivity(posted.ActivityId, posted.Sequence, Repeat: true);
                }

                // Someone else in the conversation used the same client id: this message is logged, just not as a repeat.
                clientId = null;
            }

            var last = await db.DirectLineActivities.Where(a => a.ConversationId == conversationId)
                .MaxAsync(a => (long?)a.Sequence, cancellationToken).ConfigureAwait(false) ?? 0;
            var sequence = last + 1;
            var now = clock.GetUtcNow();
            activity.Id = ActivityIdFor(conversationId, sequence);
            activity.Timestamp ??= now;
            db.DirectLineActivities.Add(new DirectLineActivityRecord
            {
                ConversationId = conversationId,
                Sequence = sequence,
                ActivityId = activity.Id,
                ActivityJson = ActivityJson.Serialize(activity),
                OutboundId = outboundId,
                ClientActivityId = clientId,
                CreatedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException) when (attempt < MaxAppendAttempts)
            {
                // Someone else took this sequence number, logged this outbox row or this client's post first: look again.
                continue;
            }

            feed.NotifyAppended(conversationId);
            return new LoggedActivity(activity.Id, sequence);
        }
    }

    /// <summary>The longest <c>clientActivityID</c> kept for recognising repeats (Direct Line clients make ~25 characters).</summary>
    public const int MaxClientActivityIdLength = 100;

    /// <summary>The <c>channelData.clientActivityID</c> a Direct Line client (DirectLineJS, Web Chat) puts on what it sends.</summary>
    public static string? ClientActivityIdOf(Activity activity) =>
        activity?.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("clientActivityID", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    private static bool IsPlainClientId(string id) =>
        id.Length is > 0 and <= MaxClientActivityIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    /// <summary>Takes back an activity just appended whose turn could not be stored, so the person does not see a message the bot never got.</summary>
    public async Task RemoveAsync(string conversationId, long sequence, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.DirectLineActivities.Where(a => a.ConversationId == conversationId && a.Sequence == sequence)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The activities after <paramref name="watermark"/> (0: from the start), at most <see cref="PageSize"/>, and the
    /// watermark to ask with next time.
    /// </summary>
    public async Task<ActivitySet> ReadAsync(string conversationId, long watermark, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.DirectLineActivities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > watermark)
            .OrderBy(a => a.Sequence).Take(PageSize)
            .Select(a => new { a.Sequence, a.ActivityJson })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var set = new ActivitySet
        {
            Watermark = (rows.Count > 0 ? rows[^1].Sequence : watermark).ToString(CultureInfo.InvariantCulture),
        };
        foreach (var row in rows)
        {
            if (TryRead(row.ActivityJson) is { } activity)
            {
                set.Activities.Add(activity);
            }
        }

        return set;
    }

    public static string ActivityIdFor(string conversationId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{sequence:D7}");

    private static Activity? TryRead(string json)
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
