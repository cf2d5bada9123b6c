using Dialogue.Safety.Escalation;

namespace Dialogue.Safety.Tests.Escalation;

/// <summary>
/// The default office hours (weekdays 08:00–15:30 Europe/Oslo, public holidays closed): open or not, the next opening,
/// and office time added across evenings, weekends, holidays and daylight saving changes. Oslo is +01:00 in winter
/// and +02:00 in summer (from the last Sunday of March to the last Sunday of October).
/// </summary>
public sealed class OfficeHoursTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    private static readonly OfficeHours Hours = new OfficeHoursSettings().ToOfficeHours("OfficeHours:Default");

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, TimeSpan offset) =>
        new(year, month, day, hour, minute, 0, offset);

    [Theory]
    [InlineData(7, 59, false)]
    [InlineData(8, 0, true)]
    [InlineData(15, 29, true)]
    [InlineData(15, 30, false)]
    public void A_weekday_is_open_from_opening_up_to_closing(int hour, int minute, bool open) =>
        Assert.Equal(open, Hours.IsOpen(At(2026, 1, 14, hour, minute, Winter))); // Wednesday

    [Fact]
    public void Opening_hours_are_oslo_time_whatever_offset_the_instant_has()
    {
        Assert.True(Hours.IsOpen(new DateTimeOffset(2026, 1, 14, 7, 0, 0, TimeSpan.Zero)));   // 08:00 in Oslo, winter
        Assert.False(Hours.IsOpen(new DateTimeOffset(2026, 1, 14, 6, 59, 0, TimeSpan.Zero)));
        Assert.True(Hours.IsOpen(new DateTimeOffset(2026, 6, 17, 6, 0, 0, TimeSpan.Zero)));   // 08:00 in Oslo, summer
        Assert.False(Hours.IsOpen(new DateTimeOffset(2026, 6, 17, 5, 59, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Saturday_and_sunday_are_closed()
    {
        Assert.False(Hours.IsOpen(At(2026, 1, 17, 10, 0, Winter)));
        Assert.False(Hours.IsOpen(At(2026, 1, 18, 10, 0, Winter)));
    }

    [Fact]
    public void Constitution_day_on_a_weekday_is_closed() =>
        Assert.False(Hours.IsOpen(At(2028, 5, 17, 10, 0, Summer))); // Wednesday

    [Fact]
    public void A_configured_closed_date_is_closed_and_the_day_before_is_not()
    {
        var hours = new OfficeHoursSettings { ClosedDates = ["2026-12-24"] }.ToOfficeHours("OfficeHours:Default");

        Assert.False(hours.IsOpen(At(2026, 12, 24, 10, 0, Winter)));
        Assert.True(hours.IsOpen(At(2026, 12, 23, 10, 0, Winter)));
        Assert.True(Hours.IsOpen(At(2026, 12, 24, 10, 0, Winter)));
    }

    [Fact]
    public void Holidays_are_open_when_the_office_does_not_close_on_them()
    {
        var hours = new OfficeHoursSettings { HolidaysClosed = false }.ToOfficeHours("OfficeHours:Default");

        Assert.True(hours.IsOpen(At(2028, 5, 17, 10, 0, Summer)));
    }

    [Fact]
    public void NextOpening_when_open_is_now()
    {
        var now = At(2026, 1, 14, 10, 0, Winter);

        Assert.Equal(now, Hours.NextOpening(now));
    }

    [Fact]
    public void NextOpening_from_friday_evening_is_monday_0800()
    {
        var next = Hours.NextOpening(At(2026, 1, 16, 18, 0, Winter));

        Assert.Equal(At(2026, 1, 19, 8, 0, Winter), next);
        Assert.Equal(Winter, next.Offset);
    }

    [Fact]
    public void NextOpening_before_opening_is_the_same_morning() =>
        Assert.Equal(At(2026, 1, 14, 8, 0, Winter), Hours.NextOpening(At(2026, 1, 14, 6, 30, Winter)));

    [Fact]
    public void NextOpening_from_maundy_thursday_skips_easter_to_tuesday() =>
        Assert.Equal(At(2026, 4, 7, 8, 0, Summer), Hours.NextOpening(At(2026, 4, 2, 9, 0, Summer)));

    [Fact]
    public void NextOpeningLocal_is_the_oslo_wall_clock_time_to_tell_the_user() =>
        Assert.Equal(new DateTime(2026, 4, 7, 8, 0, 0), Hours.NextOpeningLocal(new DateTimeOffset(2026, 4, 1, 14, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void ClosesAt_is_closing_time_when_open_and_null_when_closed()
    {
        Assert.Equal(At(2026, 1, 14, 15, 30, Winter), Hours.ClosesAt(At(2026, 1, 14, 10, 0, Winter)));
        Assert.Null(Hours.ClosesAt(At(2026, 1, 14, 15, 30, Winter)));
        Assert.Null(Hours.ClosesAt(At(2026, 1, 17, 10, 0, Winter)));
    }

    [Fact]
    public void AddOfficeTime_within_a_day_is_plain_addition() =>
        Assert.Equal(At(2026, 1, 14, 14, 0, Winter), Hours.AddOfficeTime(At(2026, 1, 14, 10, 0, Winter), TimeSpan.FromHours(4)));

    [Fact]
    public void AddOfficeTime_that_ends_at_closing_gives_closing_time() =>
        Assert.Equal(At(2026, 1, 14, 15, 30, Winter), Hours.AddOfficeTime(At(2026, 1, 14, 14, 0, Winter), TimeSpan.FromMinutes(90)));

    [Fact]
    public void AddOfficeTime_of_zero_when_closed_is_the_next_opening() =>
        Assert.Equal(At(2026, 1, 19, 8, 0, Winter), Hours.AddOfficeTime(At(2026, 1, 17, 12, 0, Winter), TimeSpan.Zero));

    [Fact]
    public void AddOfficeTime_from_friday_1400_skips_the_weekend_to_monday_1030() =>
        Assert.Equal(At(2026, 1, 19, 10, 30, Winter), Hours.AddOfficeTime(At(2026, 1, 16, 14, 0, Winter), TimeSpan.FromHours(4)));

    [Fact]
    public void AddOfficeTime_started_outside_hours_counts_from_the_next_opening() =>
        Assert.Equal(At(2026, 1, 19, 12, 0, Winter), Hours.AddOfficeTime(At(2026, 1, 16, 20, 0, Winter), TimeSpan.FromHours(4)));

    [Fact]
    public void AddOfficeTime_skips_easter_from_maundy_thursday_to_easter_monday() =>
        Assert.Equal(At(2026, 4, 7, 10, 30, Summer), Hours.AddOfficeTime(At(2026, 4, 1, 14, 0, Summer), TimeSpan.FromHours(4)));

    [Fact]
    public void AddOfficeTime_spanning_several_days_counts_whole_days_of_seven_and_a_half_hours() =>
        Assert.Equal(At(2026, 1, 21, 9, 0, Winter), Hours.AddOfficeTime(At(2026, 1, 16, 14, 0, Winter), TimeSpan.FromHours(1.5 + 7.5 + 7.5 + 1)));

    [Fact]
    public void AddOfficeTime_across_the_march_clock_change_keeps_monday_at_1030_oslo()
    {
        // Clocks go forward on Sunday 2026-03-29: Friday is +01:00, Monday is +02:00.
        var deadline = Hours.AddOfficeTime(At(2026, 3, 27, 14, 0, Winter), TimeSpan.FromHours(4));

        Assert.Equal(At(2026, 3, 30, 10, 30, Summer), deadline);
        Assert.Equal(Summer, deadline.Offset);
    }

    [Fact]
    public void AddOfficeTime_across_the_october_clock_change_keeps_monday_at_1030_oslo()
    {
        // Clocks go back on Sunday 2026-10-25: Friday is +02:00, Monday is +01:00.
        var deadline = Hours.AddOfficeTime(At(2026, 10, 23, 14, 0, Summer), TimeSpan.FromHours(4));

        Assert.Equal(At(2026, 10, 26, 10, 30, Winter), deadline);
        Assert.Equal(Winter, deadline.Offset);
    }

    [Fact]
    public void Office_time_is_real_time_when_the_clock_changes_while_open()
    {
        var allDay = new OfficeHoursSettings
        {
            Opens = "00:00",
            Closes = "23:59",
            Days = [.. Enum.GetNames<DayOfWeek>()],
            HolidaysClosed = false,
        }.ToOfficeHours("test");

        // 4 hours from midnight: 05:00 when an hour is skipped, 03:00 when an hour happens twice.
        Assert.Equal(At(2026, 3, 29, 5, 0, Summer), allDay.AddOfficeTime(At(2026, 3, 29, 0, 0, Winter), TimeSpan.FromHours(4)));
        Assert.Equal(At(2026, 10, 25, 3, 0, Winter), allDay.AddOfficeTime(At(2026, 10, 25, 0, 0, Summer), TimeSpan.FromHours(4)));
    }

    [Fact]
    public void An_opening_time_the_clock_skips_opens_when_the_clock_jumps_past_it()
    {
        var early = new OfficeHours(new TimeOnly(2, 30), new TimeOnly(6, 0), Enum.GetValues<DayOfWeek>(), Hours.TimeZone, holidaysClosed: false);

        // 2026-03-29: 02:00 +01:00 is followed by 03:00 +02:00.
        Assert.Equal(At(2026, 3, 29, 3, 0, Summer), early.NextOpening(At(2026, 3, 29, 1, 30, Winter)));
        Assert.True(early.IsOpen(At(2026, 3, 29, 3, 0, Summer)));
    }

    [Fact]
    public void An_opening_time_the_clock_shows_twice_opens_the_first_time()
    {
        var early = new OfficeHours(new TimeOnly(2, 30), new TimeOnly(6, 0), Enum.GetValues<DayOfWeek>(), Hours.TimeZone, holidaysClosed: false);

        // 2026-10-25: 02:00–03:00 happens at +02:00 and again at +01:00.
        Assert.Equal(At(2026, 10, 25, 2, 30, Summer), early.NextOpening(At(2026, 10, 25, 1, 0, Summer)));
        Assert.True(early.IsOpen(At(2026, 10, 25, 2, 30, Winter)));
    }

    [Fact]
    public void A_schedule_with_no_open_day_is_refused_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => new OfficeHours(new TimeOnly(8, 0), new TimeOnly(15, 30), [], Hours.TimeZone));

        Assert.StartsWith("Office hours must be open at least one day a week.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_closing_before_it_opens_is_refused_at_construction() =>
        Assert.Throws<ArgumentException>(() => new OfficeHours(new TimeOnly(15, 30), new TimeOnly(8, 0), [DayOfWeek.Monday], Hours.TimeZone));

    [Fact]
    public void A_schedule_closed_for_more_than_400_days_fails_instead_of_searching_forever()
    {
        var mondays = Enumerable.Range(0, 80).Select(week => new DateOnly(2026, 1, 19).AddDays(7 * week));
        var hours = new OfficeHours(new TimeOnly(8, 0), new TimeOnly(15, 30), [DayOfWeek.Monday], Hours.TimeZone, mondays);

        Assert.Throws<InvalidOperationException>(() => hours.NextOpening(At(2026, 1, 17, 12, 0, Winter)));
    }

    [Fact]
    public void Negative_office_time_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Hours.AddOfficeTime(At(2026, 1, 14, 10, 0, Winter), TimeSpan.FromMinutes(-1)));
}
