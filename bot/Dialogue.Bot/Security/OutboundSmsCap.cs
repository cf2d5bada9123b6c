using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Security;

/// <summary>
/// The cap on SMS sent to one number per day (<c>RateLimits:OutboundSmsPerNumberPerDay</c>), against SMS pumping and
/// runaway loops. Counted from the outbox (rows to that number handed to Twilio since midnight Europe/Oslo), so it
/// holds across restarts and replicas. Never held: the safety reply to a message in distress (it carries the
/// emergency numbers), a veileder's own message, and the notices to staff work phones.
/// </summary>
public sealed class OutboundSmsCap(
    RateLimitSettings settings, IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock, RateLimitMetrics metrics)
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public int PerDay => settings.OutboundSmsPerNumberPerDay;

    /// <summary>Messages that are sent whatever the count.</summary>
    public static bool IsExempt(OutboundActivity row, Activity? activity)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (SafetyReplies.IsMarked(activity) && !row.Proactive)
            || StaffNotices.IsNotice(activity)
            || activity?.From?.Name is { } name && name.EndsWith(StaffDesk.SignatureSuffix, StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="row"/> must be held: the number has had its SMS for today and the row is not exempt.</summary>
    public async Task<bool> MustHoldAsync(OutboundActivity row, Activity? activity, PhoneNumber to, CancellationToken cancellationToken)
    {
        if (PerDay == 0 || IsExempt(row, activity))
        {
            return false;
        }

        var since = MidnightInOslo(clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var sentToday = await SentSince(db.Outbox.AsNoTracking(), to, since).CountAsync(cancellationToken).ConfigureAwait(false);
        if (sentToday < PerDay)
        {
            return false;
        }

        metrics.SmsHeld();
        return true;
    }

    /// <summary>SMS to <paramref name="to"/> handed to Twilio since <paramref name="since"/> (served by the outbox's conversation index).</summary>
    public static IQueryable<OutboundActivity> SentSince(IQueryable<OutboundActivity> outbox, PhoneNumber to, DateTimeOffset since) =>
        outbox.Where(x => x.ChannelId == KnownChannels.Sms && x.ConversationId == to.E164 && x.Status == OutboundStatus.Sent
            && x.SentAt >= since);

    /// <summary>The start of <paramref name="now"/>'s day in Europe/Oslo, in UTC.</summary>
    public static DateTimeOffset MidnightInOslo(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Oslo);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, Oslo.GetUtcOffset(midnight)).ToUniversalTime();
    }
}
