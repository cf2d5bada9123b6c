using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Language;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Sms;

/// <summary>What <see cref="ProactiveSms.QueueAsync"/> did.</summary>
/// <param name="Queued">False when the number is opted out (STOPP): nothing was written.</param>
/// <param name="OutboundIds">The outbox rows, one per SMS, in sending order.</param>
/// <param name="SendAt">When the first SMS goes: now, or the next 08:00 in Oslo when it is outside sending hours.</param>
public sealed record ProactiveSmsResult(bool Queued, IReadOnlyList<long> OutboundIds, DateTimeOffset? SendAt)
{
    public static ProactiveSmsResult OptedOut { get; } = new(false, [], null);
}

/// <summary>
/// Texts a person on the bot's own initiative (reminders, check-ins): writes outbox rows for channel "sms" that the
/// Twilio transport sends. Never to an opted-out number; only between 08:00 and 20:00 in Oslo (otherwise, and for a
/// retry that would fall outside those hours, at the next 08:00); and the first SMS of the contact may not contain a
/// sensitive word (<see cref="SensitiveWords"/>): it shows on the lock screen of a phone that may be shared.
/// </summary>
public sealed partial class ProactiveSms(
    IDbContextFactory<DialogueDbContext> dbFactory,
    SmsOptOuts optOuts,
    MessagingSignals signals,
    TimeProvider clock,
    ILogger<ProactiveSms> logger)
{
    public SensitiveWords Words { get; init; } = SensitiveWords.Default;

    /// <summary>
    /// Queues one contact: <paramref name="messages"/> in order, packed into at most three SMS like a turn's replies.
    /// Throws <see cref="SensitiveOpenerException"/> when the first SMS would contain a sensitive word, and
    /// <see cref="ArgumentException"/> when the messages do not fit in three SMS.
    /// </summary>
    public async Task<ProactiveSmsResult> QueueAsync(PhoneNumber to, IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (to == default)
        {
            throw new ArgumentException("A phone number is required.", nameof(to));
        }

        var composition = SmsComposer.Compose(messages);
        if (composition.Messages.Count == 0)
        {
            throw new ArgumentException("There is nothing to send.", nameof(messages));
        }

        if (composition.Truncated)
        {
            throw new ArgumentException($"A proactive contact may be at most {SmsComposer.MaxMessages} SMS.", nameof(messages));
        }

        // The first SMS as it will actually arrive: packing may have joined several messages into it.
        if (Words.Find(composition.Messages[0]) is { Count: > 0 } sensitive)
        {
            throw new SensitiveOpenerException(sensitive);
        }

        if (await optOuts.ActiveOptOutAsync(to, cancellationToken).ConfigureAwait(false) is not null)
        {
            LogOptedOut(logger);
            return ProactiveSmsResult.OptedOut;
        }

        var now = clock.GetUtcNow();
        var sendAt = SmsSendingHours.NextOpen(now);
        var rows = composition.Messages.Select(body => SmsToNumber(to, body, now, sendAt, proactive: true, "proactive")).ToList();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        LogQueued(logger, rows.Count, sendAt);
        if (sendAt <= now)
        {
            signals.Outbox.Notify();
        }

        return new ProactiveSmsResult(true, rows.Select(r => r.Id).ToList(), sendAt);
    }

    /// <summary>
    /// An outbox row texting <paramref name="body"/> (GSM-7 safe already) to <paramref name="to"/> on the bot's own
    /// initiative, not in answer to a message: a proactive contact, or a notice to a member of staff.
    /// </summary>
    public static OutboundActivity SmsToNumber(PhoneNumber to, string body, DateTimeOffset now, DateTimeOffset sendAt, bool proactive, string idPrefix) => new()
    {
        InboundId = 0,
        ChannelId = KnownChannels.Sms,
        ConversationId = to.E164,
        ServiceUrl = string.Empty,
        ActivityJson = ActivityJson.Serialize(new Activity
        {
            Type = ActivityTypes.Message,
            Id = $"{idPrefix}-{Guid.NewGuid():N}",
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
        Proactive = proactive,
        CreatedAt = now,
        NextAttemptAt = (sendAt > now ? sendAt : now).ToUniversalTime(),
    };

    [LoggerMessage(EventId = 2421, Level = LogLevel.Information, Message = "Proactive SMS not queued: the number has opted out (STOPP)")]
    private static partial void LogOptedOut(ILogger logger);

    [LoggerMessage(EventId = 2422, Level = LogLevel.Information, Message = "Proactive contact of {Count} SMS queued, to go at {SendAt:o}")]
    private static partial void LogQueued(ILogger logger, int count, DateTimeOffset sendAt);
}
