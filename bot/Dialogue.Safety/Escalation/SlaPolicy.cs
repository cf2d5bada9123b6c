using System.Globalization;
using Dialogue.Safety.Screening;

namespace Dialogue.Safety.Escalation;

/// <summary>The <c>Sla</c> section: how soon a veileder must acknowledge an escalation, by level.</summary>
public sealed class SlaSettings
{
    public const string SectionName = "Sla";

    /// <summary>Acute: wall time from when the office is open (at once, or from its next opening). Default 00:15:00.</summary>
    public TimeSpan AcuteAcknowledgeWithin { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>High: office time, counted only while the office is open. Default 04:00:00.</summary>
    public TimeSpan HighAcknowledgeWithin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Checks the durations, for the host to call at startup.</summary>
    /// <exception cref="InvalidOperationException">A duration is not positive; the message names its key.</exception>
    public void Validate()
    {
        Check(AcuteAcknowledgeWithin, nameof(AcuteAcknowledgeWithin), "00:15:00");
        Check(HighAcknowledgeWithin, nameof(HighAcknowledgeWithin), "04:00:00");
    }

    private static void Check(TimeSpan value, string name, string example)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{SectionName}:{name} must be a positive duration like {example}, not '{value:c}'."));
        }
    }
}

/// <summary>
/// When an escalation must be acknowledged. Acute: within <see cref="SlaSettings.AcuteAcknowledgeWithin"/> of wall time,
/// counted from creation when the office is open then, otherwise from its next opening. High: within
/// <see cref="SlaSettings.HighAcknowledgeWithin"/> of office time. Moderate and none have no deadline.
/// </summary>
public sealed class SlaPolicy
{
    private readonly SlaSettings settings;

    /// <exception cref="InvalidOperationException">The settings are invalid (<see cref="SlaSettings.Validate"/>).</exception>
    public SlaPolicy(SlaSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.settings = new SlaSettings
        {
            AcuteAcknowledgeWithin = settings.AcuteAcknowledgeWithin,
            HighAcknowledgeWithin = settings.HighAcknowledgeWithin,
        };
    }

    /// <summary>How long a veileder has to acknowledge an escalation at <paramref name="level"/> (acute: wall time from the opening; high: office time), or null.</summary>
    public TimeSpan? Target(RiskLevel level) => level switch
    {
        RiskLevel.Acute => settings.AcuteAcknowledgeWithin,
        RiskLevel.High => settings.HighAcknowledgeWithin,
        _ => null,
    };

    /// <summary>
    /// How much of the SLA clock an acknowledgement at <paramref name="acknowledgedAt"/> used, counted the way
    /// <see cref="AcknowledgeBy"/> counts it (acute: wall time since the office was open; high: office time), so it can
    /// be compared with <see cref="Target"/>. Null for levels without a deadline.
    /// </summary>
    public TimeSpan? TimeUsed(RiskLevel level, DateTimeOffset createdAt, DateTimeOffset acknowledgedAt, OfficeHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return level switch
        {
            RiskLevel.Acute => hours.NextOpening(createdAt) is var opening && acknowledgedAt > opening ? acknowledgedAt - opening : TimeSpan.Zero,
            RiskLevel.High => hours.OfficeTimeBetween(createdAt, acknowledgedAt),
            _ => null,
        };
    }

    /// <summary>The acknowledgement deadline of an escalation at <paramref name="level"/> created at <paramref name="createdAt"/>, or null when there is none.</summary>
    /// <param name="hours">The hours of the office the escalation goes to.</param>
    public DateTimeOffset? AcknowledgeBy(RiskLevel level, DateTimeOffset createdAt, OfficeHours hours)
    {
        ArgumentNullException.ThrowIfNull(hours);
        return level switch
        {
            RiskLevel.Acute => hours.NextOpening(createdAt) + settings.AcuteAcknowledgeWithin,
            RiskLevel.High => hours.AddOfficeTime(createdAt, settings.HighAcknowledgeWithin),
            _ => null,
        };
    }
}
