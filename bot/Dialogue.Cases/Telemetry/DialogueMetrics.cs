using System.Diagnostics;
using System.Diagnostics.Metrics;
using Dialogue.Safety.Screening;

namespace Dialogue.Cases.Telemetry;

/// <summary>
/// Names of the meters and activity sources Dialogue publishes. Everything starts with <see cref="Prefix"/>, which the
/// host's OpenTelemetry setup subscribes to. Tags never carry message text, phone numbers, national identity numbers
/// or conversation ids (an SMS conversation id is a phone number): only channels, levels, outcomes and error classes.
/// </summary>
public static class DialogueTelemetry
{
    public const string Prefix = "Dialogue.";
    public const string TurnsName = "Dialogue.Turns";
    public const string SafetyMeterName = "Dialogue.Safety";
    public const string SmsMeterName = "Dialogue.Sms";
    public const string QueuesMeterName = "Dialogue.Queues";
    public const string DependenciesMeterName = "Dialogue.Dependencies";

    public const string ChannelTag = "dialogue.channel";
    public const string OutcomeTag = "dialogue.turn.outcome";
    public const string RiskLevelTag = "dialogue.risk_level";
    public const string EscalationKindTag = "dialogue.escalation.kind";
    public const string SmsStatusTag = "dialogue.sms.status";
    public const string TwilioErrorClassTag = "twilio.error_class";
    public const string QueueTag = "dialogue.queue";
    public const string InboundIdTag = "dialogue.inbound_id";

    /// <summary>One span per turn, <c>dialogue.turn</c>.</summary>
    public static readonly ActivitySource Turns = new(TurnsName);

    private static readonly HashSet<string> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        "sms", "directline", "webchat", "emulator", "test", "msteams", "directlinespeech", "slack", "telegram", "facebook",
    };

    /// <summary>The channel id as a tag value: a known channel's id, or <c>other</c> (the id comes from the caller).</summary>
    public static string Channel(string? channelId) =>
        channelId is not null && Channels.Contains(channelId) ? channelId.ToLowerInvariant() : "other";

    public static string Level(RiskLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>
    /// A Twilio error code's class: its first two digits (<c>30xxx</c> delivery errors from carriers, <c>21xxx</c> request
    /// errors such as an unsubscribed number), <c>none</c> without a code, <c>other</c> for anything that is not a code.
    /// </summary>
    public static string TwilioErrorClass(string? errorCode)
    {
        if (string.IsNullOrWhiteSpace(errorCode))
        {
            return "none";
        }

        var code = errorCode.Trim();
        return code.Length == 5 && code.All(char.IsAsciiDigit) ? $"{code[..2]}xxx" : "other";
    }
}

/// <summary>
/// Dialogue's counters and histograms (<see cref="System.Diagnostics.Metrics"/> only; the host decides whether anything
/// listens). Created from the host's <see cref="IMeterFactory"/> when there is one, so tests can tell their host's
/// measurements apart.
/// </summary>
public sealed class DialogueMetrics
{
    public const string TurnDurationName = "dialogue.turn.duration";
    public const string ScreeningsName = "dialogue.screening.results";
    public const string EscalationsName = "dialogue.escalations.raised";
    public const string SlaBreachesName = "dialogue.escalations.sla_breaches";
    public const string SmsFailuresName = "dialogue.sms.delivery_failures";

    private readonly Histogram<double> _turnDuration;
    private readonly Counter<long> _screenings;
    private readonly Counter<long> _escalations;
    private readonly Counter<long> _slaBreaches;
    private readonly Counter<long> _smsFailures;

    public DialogueMetrics(IMeterFactory? meterFactory = null)
    {
        var turns = Create(meterFactory, DialogueTelemetry.TurnsName);
        var safety = Create(meterFactory, DialogueTelemetry.SafetyMeterName);
        var sms = Create(meterFactory, DialogueTelemetry.SmsMeterName);
        _turnDuration = turns.CreateHistogram<double>(TurnDurationName, "s",
            "Time to run one turn: lock, state, pipeline and commit.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _screenings = safety.CreateCounter<long>(ScreeningsName, "{message}", "Messages screened for distress, by level.");
        _escalations = safety.CreateCounter<long>(EscalationsName, "{escalation}", "Escalations raised, by level and kind.");
        _slaBreaches = safety.CreateCounter<long>(SlaBreachesName, "{escalation}", "Escalations not acknowledged in time (sent to the backup).");
        _smsFailures = sms.CreateCounter<long>(SmsFailuresName, "{message}", "SMS that did not reach the phone, by status and Twilio error class.");
    }

    public void TurnFinished(string channelId, string outcome, TimeSpan elapsed) =>
        _turnDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(DialogueTelemetry.ChannelTag, DialogueTelemetry.Channel(channelId)),
            new KeyValuePair<string, object?>(DialogueTelemetry.OutcomeTag, outcome));

    public void Screened(string channelId, RiskLevel level) =>
        _screenings.Add(1,
            new KeyValuePair<string, object?>(DialogueTelemetry.ChannelTag, DialogueTelemetry.Channel(channelId)),
            new KeyValuePair<string, object?>(DialogueTelemetry.RiskLevelTag, DialogueTelemetry.Level(level)));

    public void EscalationRaised(RiskLevel level, string kind) =>
        _escalations.Add(1,
            new KeyValuePair<string, object?>(DialogueTelemetry.RiskLevelTag, DialogueTelemetry.Level(level)),
            new KeyValuePair<string, object?>(DialogueTelemetry.EscalationKindTag, kind));

    public void SlaBreached(RiskLevel level) =>
        _slaBreaches.Add(1, new KeyValuePair<string, object?>(DialogueTelemetry.RiskLevelTag, DialogueTelemetry.Level(level)));

    /// <param name="status">undelivered, failed (Twilio's receipt) or dead (the send was given up).</param>
    public void SmsNotDelivered(string status, string? errorCode) =>
        _smsFailures.Add(1,
            new KeyValuePair<string, object?>(DialogueTelemetry.SmsStatusTag, status),
            new KeyValuePair<string, object?>(DialogueTelemetry.TwilioErrorClassTag, DialogueTelemetry.TwilioErrorClass(errorCode)));

    internal static Meter Create(IMeterFactory? factory, string name) =>
        factory?.Create(new MeterOptions(name)) ?? new Meter(name);
}
