using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Dialogue.Cases.Retention;

/// <summary>
/// How long transcripts are kept (<c>Retention:TranscriptDays</c>, default 365) and when the daily retention run
/// starts (<c>Retention:RunAt</c>, local time in Europe/Oslo, default 03:00). A period of 0 days or less, or a time
/// that cannot be read, is refused when the host starts.
/// </summary>
public sealed record RetentionSettings
{
    public const string Section = "Retention";

    public const int DefaultTranscriptDays = 365;

    public static readonly TimeOnly DefaultRunAt = new(3, 0);

    public int TranscriptDays { get; init; } = DefaultTranscriptDays;

    public TimeOnly RunAt { get; init; } = DefaultRunAt;

    public TimeSpan Period => TimeSpan.FromDays(TranscriptDays);

    /// <summary>Reads the section; throws <see cref="InvalidOperationException"/> with the offending key for a bad value.</summary>
    public static RetentionSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var settings = new RetentionSettings();
        if (section[nameof(TranscriptDays)] is { Length: > 0 } days)
        {
            if (!int.TryParse(days, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                throw new InvalidOperationException($"Retention:TranscriptDays must be a whole number of days (got '{days}').");
            }

            settings = settings with { TranscriptDays = parsed };
        }

        if (section[nameof(RunAt)] is { Length: > 0 } runAt)
        {
            if (!TimeOnly.TryParseExact(runAt, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new InvalidOperationException($"Retention:RunAt must be a local time such as 03:00 (got '{runAt}').");
            }

            settings = settings with { RunAt = time };
        }

        settings.Validate();
        return settings;
    }

    public void Validate()
    {
        if (TranscriptDays <= 0)
        {
            throw new InvalidOperationException(
                $"Retention:TranscriptDays must be at least 1 (got {TranscriptDays.ToString(CultureInfo.InvariantCulture)}); " +
                "0 or less would delete every transcript at once. Leave it out for the default of 365 days.");
        }

        if (TranscriptDays > 36_500)
        {
            throw new InvalidOperationException(
                $"Retention:TranscriptDays must be at most 36500 (got {TranscriptDays.ToString(CultureInfo.InvariantCulture)}).");
        }
    }
}
