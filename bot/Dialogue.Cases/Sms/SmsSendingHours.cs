namespace Dialogue.Cases.Sms;

/// <summary>
/// When the bot may text a person on its own initiative: 08:00 to 20:00 in Norway (Europe/Oslo), every day.
/// Answers to what the person wrote are not limited; reminders and other first contacts wait for the next 08:00.
/// </summary>
public static class SmsSendingHours
{
    public static readonly TimeOnly Opens = new(8, 0);
    public static readonly TimeOnly Closes = new(20, 0);

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static bool IsOpen(DateTimeOffset at)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Oslo).DateTime);
        return local >= Opens && local < Closes;
    }

    /// <summary><paramref name="at"/> itself when sending is allowed then, otherwise the next 08:00 in Oslo.</summary>
    public static DateTimeOffset NextOpen(DateTimeOffset at)
    {
        if (IsOpen(at))
        {
            return at;
        }

        var local = TimeZoneInfo.ConvertTime(at, Oslo).DateTime;
        var day = DateOnly.FromDateTime(local);
        if (TimeOnly.FromDateTime(local) >= Closes)
        {
            day = day.AddDays(1);
        }

        // 08:00 is never inside a daylight-saving change (those happen at 02:00 and 03:00), so the offset is unambiguous.
        var opening = day.ToDateTime(Opens);
        return new DateTimeOffset(opening, Oslo.GetUtcOffset(opening));
    }
}
