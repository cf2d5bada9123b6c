namespace Dialogue.Cases.Safety;

/// <summary>Safety behaviour that operators may tune (section <c>Safety</c>).</summary>
public sealed class SafetySettings
{
    public const string SectionName = "Safety";

    /// <summary>A person who has written at least <see cref="SilenceMinMessages"/> messages and then nothing for this long is flagged to the veileder.</summary>
    public TimeSpan SilenceAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many messages make a person "active" before a silence is worth a nudge.</summary>
    public int SilenceMinMessages { get; set; } = 3;

    /// <summary>After an acute message the bot asks no plan questions for this long, or until a veileder resolves the escalation.</summary>
    public TimeSpan CrisisQuietPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the SLA watchdog and the silence check run.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (SilenceAfter <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:SilenceAfter must be a positive duration like 7.00:00:00, not '{SilenceAfter}'.");
        }

        if (SilenceMinMessages < 1)
        {
            throw new InvalidOperationException($"{SectionName}:SilenceMinMessages must be at least 1, not {SilenceMinMessages}.");
        }

        if (CrisisQuietPeriod < TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:CrisisQuietPeriod must not be negative, not '{CrisisQuietPeriod}'.");
        }

        if (WatchdogInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:WatchdogInterval must be a positive duration like 00:00:30, not '{WatchdogInterval}'.");
        }
    }
}
