using Dialogue.Safety.Escalation;

namespace Dialogue.Safety.Tests.Escalation;

/// <summary>The holidays the offices close on: Easter by the Gregorian computus, the days that move with it, the fixed days.</summary>
public sealed class NorwegianHolidaysTests
{
    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2030, "2030-04-21")]
    [InlineData(1818, "1818-03-22")] // the earliest possible date
    [InlineData(2038, "2038-04-25")] // the latest possible date
    [InlineData(2285, "2285-03-22")]
    public void Easter_sunday_is_the_gregorian_date(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NorwegianHolidays.Easter(year));

    [Fact]
    public void The_2026_holidays_are_the_twelve_norwegian_public_holidays_in_date_order()
    {
        var expected = new[]
        {
            ("2026-01-01", "Første nyttårsdag"),
            ("2026-04-02", "Skjærtorsdag"),
            ("2026-04-03", "Langfredag"),
            ("2026-04-05", "Første påskedag"),
            ("2026-04-06", "Andre påskedag"),
            ("2026-05-01", "Offentlig høytidsdag"),
            ("2026-05-14", "Kristi himmelfartsdag"),
            ("2026-05-17", "Grunnlovsdag"),
            ("2026-05-24", "Første pinsedag"),
            ("2026-05-25", "Andre pinsedag"),
            ("2026-12-25", "Første juledag"),
            ("2026-12-26", "Andre juledag"),
        };

        Assert.Equal(
            expected.Select(holiday => $"{holiday.Item1} {holiday.Item2}"),
            NorwegianHolidays.For(2026).Select(holiday => $"{holiday.Date:yyyy-MM-dd} {holiday.Name}"));
    }

    [Fact]
    public void A_moving_holiday_on_a_fixed_one_keeps_both_names()
    {
        // 2027: Whit Monday is 17 May. 2008: Ascension Day is 1 May.
        Assert.Equal(["Grunnlovsdag", "Andre pinsedag"], NorwegianHolidays.For(2027).Where(h => h.Date == new DateOnly(2027, 5, 17)).Select(h => h.Name));
        Assert.Equal(["Offentlig høytidsdag", "Kristi himmelfartsdag"], NorwegianHolidays.For(2008).Where(h => h.Date == new DateOnly(2008, 5, 1)).Select(h => h.Name));
    }

    [Theory]
    [InlineData("2026-05-14", true)]
    [InlineData("2026-05-25", true)]
    [InlineData("2026-04-02", true)]
    [InlineData("2026-12-24", false)] // Christmas Eve is not a public holiday; offices close it with ClosedDates
    [InlineData("2026-05-13", false)]
    [InlineData("2026-04-07", false)]
    public void IsHoliday_knows_the_dates(string date, bool expected) =>
        Assert.Equal(expected, NorwegianHolidays.IsHoliday(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_year_is_computed_once() => Assert.Same(NorwegianHolidays.For(2031), NorwegianHolidays.For(2031));

    [Fact]
    public void The_list_cannot_be_changed_by_a_caller() =>
        Assert.Throws<NotSupportedException>(() => ((IList<PublicHoliday>)NorwegianHolidays.For(2026))[0] = new PublicHoliday(default, "x"));
}
