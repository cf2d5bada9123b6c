using System.Diagnostics.Metrics;

namespace Dialogue.Bot.Security;

/// <summary>The <c>Dialogue.RateLimits</c> meter: requests refused by a limit, and SMS held or dropped by one.</summary>
public sealed class RateLimitMetrics
{
    public const string MeterName = "Dialogue.RateLimits";

    private readonly Counter<long> _rejected;
    private readonly Counter<long> _smsHeld;
    private readonly Counter<long> _smsFlood;

    public RateLimitMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _rejected = meter.CreateCounter<long>("dialogue.ratelimit.rejected", "{request}",
            "Requests answered 429 by a per-address limit, by endpoint group");
        _smsHeld = meter.CreateCounter<long>("dialogue.ratelimit.sms_held", "{sms}",
            "Outbound SMS held because the number reached its daily cap");
        _smsFlood = meter.CreateCounter<long>("dialogue.ratelimit.sms_flood", "{sms}",
            "Inbound SMS over the per-number limit, by outcome (dropped, or kept because it showed distress)");
    }

    public void Rejected(string endpoint) => _rejected.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void SmsHeld() => _smsHeld.Add(1);

    public void SmsFlood(bool kept) => _smsFlood.Add(1, new KeyValuePair<string, object?>("outcome", kept ? "kept" : "dropped"));
}
