using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;

namespace Dialogue.Safety.Tests.Escalation;

/// <summary>
/// Acknowledgement deadlines: acute within 15 minutes of wall time once the office is open, high within 4 office
/// hours, nothing for moderate or no risk. Default office hours: weekdays 08:00–15:30 Europe/Oslo.
/// </summary>
public sealed class SlaPolicyTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly OfficeHours Hours = new OfficeHoursOptions().For(new Dialogue.Plan.Domain.OfficeId("0219"));
    private static readonly SlaPolicy Policy = new(new SlaSettings());

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, Winter);

    [Fact]
    public void Acute_while_open_is_due_15_minutes_later() =>
        Assert.Equal(At(2026, 1, 14, 10, 15), Policy.AcknowledgeBy(RiskLevel.Acute, At(2026, 1, 14, 10, 0), Hours));

    [Fact]
    public void Acute_just_before_closing_is_still_due_15_minutes_later_in_wall_time() =>
        Assert.Equal(At(2026, 1, 14, 15, 40), Policy.AcknowledgeBy(RiskLevel.Acute, At(2026, 1, 14, 15, 25), Hours));

    [Fact]
    public void Acute_while_closed_is_due_15_minutes_after_the_next_opening() =>
        Assert.Equal(At(2026, 1, 19, 8, 15), Policy.AcknowledgeBy(RiskLevel.Acute, At(2026, 1, 16, 18, 0), Hours));

    [Fact]
    public void High_at_1400_on_friday_is_due_monday_1030() =>
        Assert.Equal(At(2026, 1, 19, 10, 30), Policy.AcknowledgeBy(RiskLevel.High, At(2026, 1, 16, 14, 0), Hours));

    [Theory]
    [InlineData(RiskLevel.Moderate)]
    [InlineData(RiskLevel.None)]
    public void Moderate_and_none_have_no_deadline(RiskLevel level) =>
        Assert.Null(Policy.AcknowledgeBy(level, At(2026, 1, 14, 10, 0), Hours));

    [Fact]
    public void The_durations_come_from_the_settings()
    {
        var policy = new SlaPolicy(new SlaSettings { AcuteAcknowledgeWithin = TimeSpan.FromMinutes(5), HighAcknowledgeWithin = TimeSpan.FromHours(2) });

        Assert.Equal(At(2026, 1, 14, 10, 5), policy.AcknowledgeBy(RiskLevel.Acute, At(2026, 1, 14, 10, 0), Hours));
        Assert.Equal(At(2026, 1, 19, 8, 30), policy.AcknowledgeBy(RiskLevel.High, At(2026, 1, 16, 14, 0), Hours));
    }

    [Fact]
    public void Settings_changed_after_construction_do_not_change_the_policy()
    {
        var settings = new SlaSettings();
        var policy = new SlaPolicy(settings);
        settings.AcuteAcknowledgeWithin = TimeSpan.FromHours(1);

        Assert.Equal(At(2026, 1, 14, 10, 15), policy.AcknowledgeBy(RiskLevel.Acute, At(2026, 1, 14, 10, 0), Hours));
    }

    [Fact]
    public void A_zero_acute_duration_is_named_with_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SlaPolicy(new SlaSettings { AcuteAcknowledgeWithin = TimeSpan.Zero }));

        Assert.Equal("Sla:AcuteAcknowledgeWithin must be a positive duration like 00:15:00, not '00:00:00'.", error.Message);
    }

    [Fact]
    public void A_negative_high_duration_is_named_with_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(new SlaSettings { HighAcknowledgeWithin = TimeSpan.FromHours(-4) }.Validate);

        Assert.Equal("Sla:HighAcknowledgeWithin must be a positive duration like 04:00:00, not '-04:00:00'.", error.Message);
    }
}
