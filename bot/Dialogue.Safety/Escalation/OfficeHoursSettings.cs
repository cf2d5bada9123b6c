using System.Globalization;
using Dialogue.Plan.Domain;

namespace Dialogue.Safety.Escalation;

/// <summary>
/// The <c>OfficeHours</c> section: the hours of every office (<see cref="Default"/>) and of the offices that differ
/// (<see cref="Offices"/>, by four-digit office id). An office's entry replaces the default entirely: what it leaves
/// out has the built-in value of <see cref="OfficeHoursSettings"/>, not the value in <see cref="Default"/>.
/// </summary>
public sealed class OfficeHoursOptions
{
    public const string SectionName = "OfficeHours";

    public OfficeHoursSettings Default { get; set; } = new();

    /// <summary>Offices with their own hours, by office id, e.g. <c>OfficeHours:Offices:0219:Closes</c>.</summary>
    public Dictionary<string, OfficeHoursSettings> Offices { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The hours of <paramref name="office"/>: its own entry, or the default.</summary>
    /// <exception cref="InvalidOperationException">The settings used are invalid; the message names the key.</exception>
    public OfficeHours For(OfficeId office) =>
        Offices.TryGetValue(office.Value, out var settings)
            ? Build(settings, OfficeKey(office.Value))
            : Build(Default, $"{SectionName}:{nameof(Default)}");

    /// <summary>Checks the default and every office entry, for the host to call at startup.</summary>
    /// <exception cref="InvalidOperationException">The first invalid setting; the message names its key.</exception>
    public void Validate()
    {
        Build(Default, $"{SectionName}:{nameof(Default)}");
        foreach (var (office, settings) in Offices)
        {
            if (office is not { Length: 4 } || !office.All(char.IsAsciiDigit))
            {
                throw new InvalidOperationException($"{OfficeKey(office)} is not an office id: the keys are four digits, like 0219.");
            }

            Build(settings, OfficeKey(office));
        }
    }

    private static string OfficeKey(string office) => $"{SectionName}:{nameof(Offices)}:{office}";

    private static OfficeHours Build(OfficeHoursSettings? settings, string key) =>
        settings?.ToOfficeHours(key) ?? throw new InvalidOperationException($"{key} has no settings.");
}

/// <summary>
/// One entry of <see cref="OfficeHoursOptions"/>, as configured: plain strings, so that a mistake is reported with its
/// key (<see cref="ToOfficeHours"/>) instead of failing inside the configuration binder.
/// </summary>
public sealed class OfficeHoursSettings
{
    private static readonly string[] TimeFormats = ["H:mm", "HH:mm", "H:mm:ss", "HH:mm:ss"];

    /// <summary>The days open when <see cref="Days"/> is empty.</summary>
    public static IReadOnlyList<DayOfWeek> Weekdays { get; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Local opening time, e.g. 08:00.</summary>
    public string Opens { get; set; } = "08:00";

    /// <summary>Local closing time, later than <see cref="Opens"/>, e.g. 15:30.</summary>
    public string Closes { get; set; } = "15:30";

    /// <summary>
    /// The weekdays open, by English name in any case (Monday, tuesday). Empty means Monday to Friday: the built-in
    /// value is empty rather than a list because the configuration binder adds to an array instead of replacing it.
    /// </summary>
    public string[] Days { get; set; } = [];

    /// <summary>A time zone id, e.g. Europe/Oslo.</summary>
    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>Extra days closed, as ISO dates, e.g. 2026-12-24.</summary>
    public string[] ClosedDates { get; set; } = [];

    /// <summary>Closed on Norwegian public holidays (<see cref="NorwegianHolidays"/>).</summary>
    public bool HolidaysClosed { get; set; } = true;

    /// <summary>The schedule these settings describe.</summary>
    /// <param name="key">Where the settings are, for messages, e.g. <c>OfficeHours:Offices:0219</c>.</param>
    /// <exception cref="InvalidOperationException">A setting is invalid; the message names its key and value.</exception>
    public OfficeHours ToOfficeHours(string key)
    {
        var opens = ParseTime(Opens, $"{key}:{nameof(Opens)}");
        var closes = ParseTime(Closes, $"{key}:{nameof(Closes)}");
        if (closes <= opens)
        {
            throw new InvalidOperationException($"{key}:{nameof(Closes)} must be later than {nameof(Opens)} ({Opens}), not '{Closes}'.");
        }

        var days = (Days ?? []).Select(day => ParseDay(day, $"{key}:{nameof(Days)}")).ToArray();
        var closedDates = (ClosedDates ?? []).Select(date => ParseDate(date, $"{key}:{nameof(ClosedDates)}")).ToArray();
        var timeZone = FindTimeZone(TimeZone, $"{key}:{nameof(TimeZone)}");
        return new OfficeHours(opens, closes, days.Length == 0 ? Weekdays : days, timeZone, closedDates, HolidaysClosed);
    }

    private static TimeOnly ParseTime(string? value, string key) =>
        TimeOnly.TryParseExact(value?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new InvalidOperationException($"{key} must be a time like 08:00, not '{value}'.");

    private static DayOfWeek ParseDay(string? value, string key)
    {
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            if (string.Equals(day.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return day;
            }
        }

        throw new InvalidOperationException($"{key} must be English day names like Monday, not '{value}'.");
    }

    private static DateOnly ParseDate(string? value, string key) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidOperationException($"{key} must be dates like 2026-12-24, not '{value}'.");

    private static TimeZoneInfo FindTimeZone(string? value, string key) =>
        !string.IsNullOrWhiteSpace(value) && TimeZoneInfo.TryFindSystemTimeZoneById(value.Trim(), out var timeZone)
            ? timeZone
            : throw new InvalidOperationException($"{key} must be a time zone id like Europe/Oslo, not '{value}'.");
}
