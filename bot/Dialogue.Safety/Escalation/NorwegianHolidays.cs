using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Dialogue.Safety.Escalation;

/// <summary>A public holiday (helligdag or høytidsdag): the date and its Norwegian name, e.g. 2026-04-03 Langfredag.</summary>
public sealed record PublicHoliday(DateOnly Date, string Name);

/// <summary>
/// The Norwegian public holidays of a year: the fixed days (1 January, 1 and 17 May, 25 and 26 December) and the
/// ones that move with Easter (Maundy Thursday to Easter Monday, Ascension Day, Whitsun). Computed once per year.
/// </summary>
public static class NorwegianHolidays
{
    /// <summary>The first year of the Gregorian calendar the Easter computation holds for.</summary>
    public const int FirstYear = 1583;

    private static readonly ConcurrentDictionary<int, Year> Years = new();

    /// <summary>The holidays of <paramref name="year"/>, ordered by date.</summary>
    public static IReadOnlyList<PublicHoliday> For(int year) => Get(year).Holidays;

    public static bool IsHoliday(DateOnly date) => date.Year >= FirstYear && Get(date.Year).Dates.Contains(date);

    /// <summary>Easter Sunday (første påskedag) of <paramref name="year"/>, by the anonymous Gregorian (Meeus) algorithm.</summary>
    public static DateOnly Easter(int year)
    {
        CheckYear(year);
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static Year Get(int year)
    {
        CheckYear(year);
        return Years.GetOrAdd(year, Compute);
    }

    private static void CheckYear(int year) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);

    private static Year Compute(int year)
    {
        var easter = Easter(year);
        PublicHoliday[] holidays =
        [
            new(new DateOnly(year, 1, 1), "Første nyttårsdag"),
            new(easter.AddDays(-3), "Skjærtorsdag"),
            new(easter.AddDays(-2), "Langfredag"),
            new(easter, "Første påskedag"),
            new(easter.AddDays(1), "Andre påskedag"),
            new(new DateOnly(year, 5, 1), "Offentlig høytidsdag"),
            new(new DateOnly(year, 5, 17), "Grunnlovsdag"),
            new(easter.AddDays(39), "Kristi himmelfartsdag"),
            new(easter.AddDays(49), "Første pinsedag"),
            new(easter.AddDays(50), "Andre pinsedag"),
            new(new DateOnly(year, 12, 25), "Første juledag"),
            new(new DateOnly(year, 12, 26), "Andre juledag"),
        ];

        // Ascension Day can come before 1 May or on 17 May, and Whitsun on 17 May: order by date, keep both names.
        var ordered = holidays.OrderBy(holiday => holiday.Date).ToArray();
        return new Year(Array.AsReadOnly(ordered), ordered.Select(holiday => holiday.Date).ToFrozenSet());
    }

    private sealed record Year(IReadOnlyList<PublicHoliday> Holidays, FrozenSet<DateOnly> Dates);
}
