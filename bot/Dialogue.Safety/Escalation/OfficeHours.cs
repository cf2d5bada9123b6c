using System.Collections.Frozen;
using System.Globalization;

namespace Dialogue.Safety.Escalation;

/// <summary>
/// When an office is open: the same hours on each open weekday, in the office's time zone, closed on public holidays
/// (unless told otherwise) and on extra closed dates. Immutable. Every calculation is done on the local calendar of
/// the office and on real instants, so daylight saving changes neither move the opening hours nor add or lose time.
/// A local time a clock change skips or repeats means the first moment the clock shows it or a later time.
/// </summary>
public sealed class OfficeHours
{
    /// <summary>How far ahead the next opening is searched for before the schedule is taken to be always closed.</summary>
    public const int MaxDaysClosed = 400;

    private readonly bool[] openOn = new bool[7];

    /// <param name="opens">Local opening time.</param>
    /// <param name="closes">Local closing time: later than <paramref name="opens"/> on the same day.</param>
    /// <param name="days">The weekdays the office is open: at least one.</param>
    /// <param name="timeZone">The office's time zone, e.g. Europe/Oslo.</param>
    /// <param name="closedDates">Extra local dates the office is closed, e.g. Christmas Eve.</param>
    /// <param name="holidaysClosed">Closed on Norwegian public holidays (<see cref="NorwegianHolidays"/>).</param>
    public OfficeHours(
        TimeOnly opens,
        TimeOnly closes,
        IEnumerable<DayOfWeek> days,
        TimeZoneInfo timeZone,
        IEnumerable<DateOnly>? closedDates = null,
        bool holidaysClosed = true)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(timeZone);
        if (closes <= opens)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Office hours must close later than they open ({opens:HH:mm}), not at {closes:HH:mm}."),
                nameof(closes));
        }

        foreach (var day in days)
        {
            if (day is < DayOfWeek.Sunday or > DayOfWeek.Saturday)
            {
                throw new ArgumentOutOfRangeException(nameof(days), day, "Not a day of the week.");
            }

            openOn[(int)day] = true;
        }

        Days = Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7)).Where(day => openOn[(int)day]).ToArray().AsReadOnly();
        if (Days.Count == 0)
        {
            throw new ArgumentException("Office hours must be open at least one day a week.", nameof(days));
        }

        Opens = opens;
        Closes = closes;
        TimeZone = timeZone;
        ClosedDates = (closedDates ?? []).ToFrozenSet();
        HolidaysClosed = holidaysClosed;
    }

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }

    /// <summary>The open weekdays, Monday first.</summary>
    public IReadOnlyList<DayOfWeek> Days { get; }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlySet<DateOnly> ClosedDates { get; }

    public bool HolidaysClosed { get; }

    /// <summary>True when the office has opening hours on this local date (an open weekday, not a holiday or closed date).</summary>
    public bool IsOpenDay(DateOnly date) =>
        openOn[(int)date.DayOfWeek] && !ClosedDates.Contains(date) && !(HolidaysClosed && NorwegianHolidays.IsHoliday(date));

    /// <summary>True when the office is open at <paramref name="at"/>: from opening time, up to but not at closing time.</summary>
    public bool IsOpen(DateTimeOffset at) =>
        OpenPeriod(LocalDate(at)) is (var start, var end) && start <= at && at < end;

    /// <summary>When the office closes, if it is open at <paramref name="at"/>; otherwise null.</summary>
    public DateTimeOffset? ClosesAt(DateTimeOffset at) =>
        OpenPeriod(LocalDate(at)) is (var start, var end) && start <= at && at < end ? end : null;

    /// <summary>
    /// The first moment at or after <paramref name="from"/> the office is open: <paramref name="from"/> itself when it is
    /// open then. In the office's offset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The office is not open in the next <see cref="MaxDaysClosed"/> days.</exception>
    public DateTimeOffset NextOpening(DateTimeOffset from) => AddOfficeTime(from, TimeSpan.Zero);

    /// <summary>
    /// <see cref="NextOpening"/> as the office's local wall-clock time (<see cref="DateTimeKind.Unspecified"/>), to tell a
    /// person when NAV opens ("i morgen kl. 08:00"); compare its date with <see cref="ToLocal"/> of now.
    /// </summary>
    public DateTime NextOpeningLocal(DateTimeOffset from) => ToLocal(NextOpening(from));

    /// <summary>The office's local wall-clock time at <paramref name="at"/>.</summary>
    public DateTime ToLocal(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, TimeZone).DateTime;

    /// <summary>
    /// The moment <paramref name="duration"/> of open time has passed after <paramref name="from"/>, counting only while
    /// the office is open (real elapsed time, so a clock change inside opening hours is counted as it happens). The
    /// result can be a closing time; a zero duration gives <see cref="NextOpening"/>. In the office's offset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The office is not open in <see cref="MaxDaysClosed"/> days in a row.</exception>
    public DateTimeOffset AddOfficeTime(DateTimeOffset from, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var remaining = duration;
        var cursor = from;
        var date = LocalDate(from);
        var closedDays = 0;
        while (true)
        {
            if (OpenPeriod(date) is (var start, var end) && end > cursor)
            {
                closedDays = 0;
                if (start > cursor)
                {
                    cursor = start;
                }

                var available = end - cursor;
                if (remaining <= available)
                {
                    return InOfficeOffset(cursor + remaining);
                }

                remaining -= available;
                cursor = end;
            }
            else if (++closedDays > MaxDaysClosed)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"These office hours are not open on any day from {date.AddDays(-MaxDaysClosed):yyyy-MM-dd} to {date:yyyy-MM-dd}."));
            }

            date = date.AddDays(1);
        }
    }

    /// <summary>
    /// How much open time lies between <paramref name="from"/> and <paramref name="to"/> (zero when <paramref name="to"/>
    /// is not after <paramref name="from"/>): the inverse of <see cref="AddOfficeTime"/>, for reports on office-time SLAs.
    /// </summary>
    public TimeSpan OfficeTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        for (var date = LocalDate(from); date <= LocalDate(to); date = date.AddDays(1))
        {
            if (OpenPeriod(date) is (var start, var end))
            {
                var a = start > from ? start : from;
                var b = end < to ? end : to;
                if (b > a)
                {
                    total += b - a;
                }
            }
        }

        return total;
    }

    /// <summary>The open period of a local date as real instants, or null when closed that day (or a clock change leaves nothing of it).</summary>
    private (DateTimeOffset Start, DateTimeOffset End)? OpenPeriod(DateOnly date)
    {
        if (!IsOpenDay(date))
        {
            return null;
        }

        var start = FirstInstantShowing(date.ToDateTime(Opens));
        var end = FirstInstantShowing(date.ToDateTime(Closes));
        return end > start ? (start, end) : null;
    }

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(ToLocal(at));

    private DateTimeOffset InOfficeOffset(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, TimeZone);

    /// <summary>
    /// The first instant the office's clock shows <paramref name="local"/> or later: for a time skipped when the clocks go
    /// forward, the moment they jump; for a time that happens twice when they go back, the first time.
    /// </summary>
    private DateTimeOffset FirstInstantShowing(DateTime local)
    {
        var limit = local.AddDays(2);
        while (TimeZone.IsInvalidTime(local))
        {
            local = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
            if (local > limit)
            {
                throw new InvalidOperationException(string.Create(
                    CultureInfo.InvariantCulture, $"The time zone {TimeZone.Id} skips more than two days before {local:yyyy-MM-dd HH:mm}."));
            }
        }

        var offset = TimeZone.IsAmbiguousTime(local) ? TimeZone.GetAmbiguousTimeOffsets(local).Max() : TimeZone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
