using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Scheduling;

public readonly record struct CheckInScheduleId(Guid Value)
{
    public static CheckInScheduleId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}

/// <summary>
/// A weekly check-in the veileder set up: every <see cref="Day"/> at <see cref="Time"/> (Oslo) the bot texts the
/// person at <see cref="Phone"/> and, when they answer yes, runs the activity-plan conversation. Paused schedules send
/// nothing; <see cref="NextDueAt"/> is the next time one is due (advanced when one starts or is skipped).
/// </summary>
public sealed class CheckInSchedule
{
    /// <summary>The earliest and latest time a check-in may be set to: it must start inside SMS sending hours (08–20).</summary>
    public static readonly TimeOnly EarliestTime = new(8, 0);
    public static readonly TimeOnly LatestTime = new(19, 30);

    public required CheckInScheduleId Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required PhoneNumber Phone { get; set; }

    public required DayOfWeek Day { get; set; }

    public required TimeOnly Time { get; set; }

    public bool Active { get; set; } = true;

    public required DateTimeOffset NextDueAt { get; set; }

    /// <summary>When the last check-in was started (the opener queued), if ever.</summary>
    public DateTimeOffset? LastStartedAt { get; set; }

    /// <summary>What happened to the last due check-in: <see cref="ScheduleOutcome"/>.</summary>
    public ScheduleOutcome? LastOutcome { get; set; }

    public required VeilederId UpdatedBy { get; set; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public static bool IsAllowedTime(TimeOnly time) => time >= EarliestTime && time <= LatestTime;

    /// <summary>The first <paramref name="day"/> at <paramref name="time"/> in Oslo strictly after <paramref name="after"/>.</summary>
    public static DateTimeOffset NextOccurrence(DayOfWeek day, TimeOnly time, DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, OsloTime.Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i <= 7; i++)
        {
            var candidate = date.AddDays(i);
            if (candidate.DayOfWeek != day)
            {
                continue;
            }

            var at = OsloTime.At(candidate, time);
            if (at > after)
            {
                return at;
            }
        }

        return OsloTime.At(date.AddDays(7), time);
    }

    /// <summary>Changes the day and time (and phone); the next check-in is the first one after <paramref name="now"/>.</summary>
    public void Change(DayOfWeek day, TimeOnly time, PhoneNumber phone, VeilederId by, DateTimeOffset now)
    {
        Day = day;
        Time = time;
        Phone = phone;
        UpdatedBy = by;
        UpdatedAt = now;
        NextDueAt = NextOccurrence(day, time, now);
    }

    public void Pause(VeilederId by, DateTimeOffset now)
    {
        Active = false;
        UpdatedBy = by;
        UpdatedAt = now;
    }

    /// <summary>Resumes without catching up: the next check-in is the first one after <paramref name="now"/>.</summary>
    public void Resume(VeilederId by, DateTimeOffset now)
    {
        Active = true;
        UpdatedBy = by;
        UpdatedAt = now;
        NextDueAt = NextOccurrence(Day, Time, now);
    }
}

/// <summary>What became of a due check-in or reminder.</summary>
public enum ScheduleOutcome
{
    /// <summary>The SMS was queued (it leaves inside sending hours).</summary>
    Sent,

    /// <summary>The number has sent STOPP: nothing was sent.</summary>
    OptedOut,

    /// <summary>The number is no longer on the person's case, or is on more than one case (a check-in would reveal nothing): nothing was sent.</summary>
    PhoneNotUsable,

    /// <summary>Due while the service was down, and too late to start now: skipped.</summary>
    Missed,

    /// <summary>The text would have shown a sensitive word on the lock screen: nothing was sent.</summary>
    Withheld,
}

/// <summary>Appointment reminders for one person: on or paused, and the number they go to.</summary>
public sealed class ReminderSetting
{
    public required PersonId PersonId { get; init; }

    public required PhoneNumber Phone { get; set; }

    public bool Active { get; set; } = true;

    public required VeilederId UpdatedBy { get; set; }

    public required DateTimeOffset UpdatedAt { get; set; }
}

public enum ReminderKind
{
    /// <summary>The day before the meeting.</summary>
    DayBefore,

    /// <summary>Two hours before the meeting.</summary>
    Soon,
}

/// <summary>A reminder that was due for an appointment: stored once per appointment and kind, so it is never sent twice.</summary>
public sealed class AppointmentReminder
{
    public required AppointmentId AppointmentId { get; init; }

    public required ReminderKind Kind { get; init; }

    public required PersonId PersonId { get; init; }

    public required ScheduleOutcome Outcome { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// When appointment reminders go: the day before, at the meeting's own time of day (kept between 08:00 and 19:00 in
/// Oslo, so it is still "tomorrow" and inside sending hours), and two hours before. A reminder that could not go in its
/// window (the service was down) is not sent late.
/// </summary>
public static class ReminderTimes
{
    public static readonly TimeSpan SoonBefore = TimeSpan.FromHours(2);

    /// <summary>The "soon" reminder is not sent when the meeting is this close (it would be no help).</summary>
    public static readonly TimeSpan SoonNotAfter = TimeSpan.FromMinutes(30);

    private static readonly TimeOnly DayBeforeEarliest = new(8, 0);
    private static readonly TimeOnly DayBeforeLatest = new(19, 0);
    private static readonly TimeOnly DayBeforeEnds = new(20, 0);

    /// <summary>When a reminder of <paramref name="kind"/> for a meeting at <paramref name="startsAt"/> may go: from, until.</summary>
    public static (DateTimeOffset From, DateTimeOffset Until) Window(ReminderKind kind, DateTimeOffset startsAt)
    {
        if (kind == ReminderKind.Soon)
        {
            return (startsAt - SoonBefore, startsAt - SoonNotAfter);
        }

        var local = TimeZoneInfo.ConvertTime(startsAt, OsloTime.Zone);
        var dayBefore = DateOnly.FromDateTime(local.DateTime).AddDays(-1);
        var time = TimeOnly.FromDateTime(local.DateTime);
        time = time < DayBeforeEarliest ? DayBeforeEarliest : time > DayBeforeLatest ? DayBeforeLatest : time;
        return (OsloTime.At(dayBefore, time), OsloTime.At(dayBefore, DayBeforeEnds));
    }
}

/// <summary>Norway's time zone, and a local date and time there as an instant.</summary>
public static class OsloTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    /// <summary>The instant of <paramref name="time"/> on <paramref name="date"/> in Oslo (a time skipped by daylight saving moves on an hour).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);
}

/// <summary>Event activities that start a conversation on the bot's own initiative.</summary>
public static class PlanEvents
{
    /// <summary>A scheduled check-in is due: the plan conversation starts with the SMS opener.</summary>
    public const string CheckInStart = "checkin.start";

    public static bool IsProactiveStart(string? type, string? name) =>
        string.Equals(type, "event", StringComparison.Ordinal) && string.Equals(name, CheckInStart, StringComparison.Ordinal);
}
