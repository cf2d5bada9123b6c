using System.Threading.RateLimiting;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;

namespace Dialogue.Bot.Security;

/// <summary>
/// The per-number limit on inbound SMS (<c>RateLimits:SmsPerNumber</c> per <c>RateLimits:SmsPerNumberWindow</c>, in
/// memory per replica). A number over it still has every message screened: one that shows any distress (moderate or
/// above) is kept and gets its turn as usual, so a person in crisis who texts many times fast is still escalated;
/// anything else is dropped unstored and unanswered (Twilio still gets 200 and empty TwiML, so it does not retry).
/// </summary>
public sealed partial class SmsFloodGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly bool _enabled;
    private readonly IRiskScreener _screener;
    private readonly RateLimitMetrics _metrics;
    private readonly ILogger<SmsFloodGuard> _logger;

    public SmsFloodGuard(RateLimitSettings settings, IRiskScreener screener, RateLimitMetrics metrics, ILogger<SmsFloodGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _enabled = settings.Enabled;
        _screener = screener;
        _metrics = metrics;
        _logger = logger;
        _limiter = PartitionedRateLimiter.Create<string, string>(number => RateLimitPartition.GetFixedWindowLimiter(number,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = settings.SmsPerNumber, Window = settings.SmsPerNumberWindow, QueueLimit = 0 }));
    }

    /// <summary>True when the message from <paramref name="from"/> should be stored and get its turn.</summary>
    public async Task<bool> AdmitAsync(PhoneNumber from, string? text, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return true;
        }

        using (var lease = _limiter.AttemptAcquire(from.E164))
        {
            if (lease.IsAcquired)
            {
                return true;
            }
        }

        // Over the limit: screen before dropping. Distress is never dropped.
        var assessment = string.IsNullOrWhiteSpace(text)
            ? RiskAssessment.None
            : await _screener.ScreenAsync(text, ScreeningContext.None, cancellationToken).ConfigureAwait(false);
        var keep = assessment.Level >= RiskLevel.Moderate;
        _metrics.SmsFlood(keep);
        LogOverLimit(_logger, keep);
        return keep;
    }

    public void Dispose() => _limiter.Dispose();

    [LoggerMessage(EventId = 2702, Level = LogLevel.Warning,
        Message = "Rate limit: an SMS from a number over its per-number limit arrived (kept because it showed distress: {Kept})")]
    private static partial void LogOverLimit(ILogger logger, bool kept);
}
