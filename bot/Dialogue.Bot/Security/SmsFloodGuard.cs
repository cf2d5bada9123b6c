using Dialogue.Cases.Persistence;
using Dialogue.Framework.Prompts;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Security;

/// <summary>
/// The per-number limit on inbound SMS (<c>RateLimits:SmsPerNumber</c> per <c>RateLimits:SmsPerNumberWindow</c>, a
/// sliding window). Counted from the inbox (the number's messages stored in the window), so it holds across replicas
/// and restarts. A number over it still has every message screened: one that shows any distress (moderate or above) is
/// kept and gets its turn as usual, so a person in crisis who texts many times fast is still escalated; anything else is
/// dropped unstored and unanswered (Twilio still gets 200 and empty TwiML, so it does not retry). A message is never
/// dropped because the count failed.
/// </summary>
public sealed partial class SmsFloodGuard(
    RateLimitSettings settings,
    IRiskScreener screener,
    RateLimitMetrics metrics,
    IDbContextFactory<DialogueDbContext> dbFactory,
    TimeProvider clock,
    ILogger<SmsFloodGuard> logger)
{
    /// <summary>True when the message from <paramref name="from"/> should be stored and get its turn.</summary>
    public async Task<bool> AdmitAsync(PhoneNumber from, string? text, CancellationToken cancellationToken)
    {
        if (!settings.Enabled || await WithinLimitAsync(from, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        // Over the limit: screen before dropping. Distress is never dropped.
        var assessment = string.IsNullOrWhiteSpace(text)
            ? RiskAssessment.None
            : await screener.ScreenAsync(text, ScreeningContext.None, cancellationToken).ConfigureAwait(false);
        var keep = assessment.Level >= RiskLevel.Moderate;
        metrics.SmsFlood(keep);
        LogOverLimit(logger, keep);
        return keep;
    }

    private async Task<bool> WithinLimitAsync(PhoneNumber from, CancellationToken cancellationToken)
    {
        try
        {
            var since = clock.GetUtcNow() - settings.SmsPerNumberWindow;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var stored = await db.Inbox.AsNoTracking()
                .CountAsync(x => x.ChannelId == KnownChannels.Sms && x.ConversationId == from.E164 && x.ReceivedAt >= since, cancellationToken)
                .ConfigureAwait(false);
            return stored < settings.SmsPerNumber;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store below meets the same database and answers 503 if it is down; dropping here would lose the message.
            LogCountFailed(logger, ex);
            return true;
        }
    }

    [LoggerMessage(EventId = 2702, Level = LogLevel.Warning,
        Message = "Rate limit: an SMS from a number over its per-number limit arrived (kept because it showed distress: {Kept})")]
    private static partial void LogOverLimit(ILogger logger, bool kept);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Warning,
        Message = "Rate limit: the per-number SMS count failed; the message is let through")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
