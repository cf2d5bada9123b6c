using System.Collections.Frozen;

namespace Dialogue.Language;

/// <summary>Parts of the day people name instead of a clock time, with the time the bot reads them as.</summary>
internal enum DayPart
{
    Morning,
    Forenoon,
    Noon,
    Afternoon,
    Evening,
}

/// <summary>Weekday, month, day-part and unit words for <see cref="DateTimeRecognizer"/>, with dialect forms and typos.</summary>
internal static class DateWords
{
    private static readonly (DayOfWeek Day, string[] Words)[] WeekdayTable =
    [
        (DayOfWeek.Monday, ["mandag", "mandan", "manda", "mandagen", "mandagn", "måndag", "mondag", "mandags"]),
        (DayOfWeek.Tuesday, ["tirsdag", "tirsdan", "tirsda", "tirsdagen", "tirsdagn", "tysdag", "tisdag", "tirs", "tirsdags"]),
        (DayOfWeek.Wednesday, ["onsdag", "onsdan", "onsda", "onsdagen", "onsdagn", "ons", "onsdags"]),
        (DayOfWeek.Thursday, ["torsdag", "torsdan", "torsda", "torsdagen", "torsdagn", "tors", "torsdags", "tosdag"]),
        (DayOfWeek.Friday, ["fredag", "fredan", "freda", "fredagen", "fredagn", "fre", "fredags"]),
        (DayOfWeek.Saturday, ["lørdag", "lørdan", "lørda", "lørdagen", "lørdagn", "laurdag", "lør", "lørdags"]),
        (DayOfWeek.Sunday, ["søndag", "søndan", "sønda", "søndagen", "søndagn", "sundag", "søn", "søndags"]),
    ];

    private static readonly (int Month, string[] Words)[] MonthTable =
    [
        (1, ["januar", "jan", "januari", "janaur"]),
        (2, ["februar", "feb", "febr", "febuar", "februari"]),
        (3, ["mars", "mar", "marts"]),
        (4, ["april", "apr"]),
        (5, ["mai", "may"]),
        (6, ["juni", "jun"]),
        (7, ["juli", "jul"]),
        (8, ["august", "aug", "agust"]),
        (9, ["september", "sep", "sept"]),
        (10, ["oktober", "okt", "oct"]),
        (11, ["november", "nov"]),
        (12, ["desember", "des", "dec", "december"]),
    ];

    private static readonly (DayPart Part, string[] Words)[] DayPartTable =
    [
        (DayPart.Morning, ["tidlig", "tidleg", "morgen", "morgenen", "morran", "morgenkvisten", "morgens"]),
        (DayPart.Forenoon, ["formiddag", "formiddagen", "formidda", "formiddan", "føremiddag", "føremiddagen", "formiddags"]),
        (DayPart.Noon, ["lunsj", "lunch", "lunsjtid", "lønsj"]),
        (DayPart.Afternoon, ["ettermiddag", "ettermiddagen", "ettermidda", "ettermiddan", "ettermiddagstid", "ettermiddags"]),
        (DayPart.Evening, ["kveld", "kvelden", "kvell", "kvellen", "kveldn", "kvæll", "kvelds", "kveldstid"]),
    ];

    public static FrozenDictionary<string, DayOfWeek> Weekdays { get; } = Build(WeekdayTable);

    public static FrozenDictionary<string, int> Months { get; } = Build(MonthTable);

    public static FrozenDictionary<string, DayPart> DayParts { get; } = Build(DayPartTable);

    /// <summary>Full names only, for typo matching ("fredga", "torsdg", "oktobr").</summary>
    private static readonly FrozenDictionary<string, DayOfWeek> FullWeekdays =
        Weekdays.Where(p => p.Key.EndsWith("dag", StringComparison.Ordinal)).ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> FullMonths =
        Months.Where(p => p.Key.Length >= 5).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Only the long words are matched with typos ("ettermidag", "fromiddag"); "morgenen" is too close to other words.</summary>
    private static readonly FrozenDictionary<string, DayPart> LongDayParts =
        DayParts.Where(p => p.Key.Length >= 9).ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenSet<string> ClockWords = FrozenSet.ToFrozenSet(
        ["kl", "klokka", "klokken", "klokk", "kloka", "klokkå", "klokke", "kll", "klk", "klokka"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> DayUnits = FrozenSet.ToFrozenSet(
        ["dag", "dager", "dagar", "døgn", "dogn", "daga", "dagr", "dagen"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> WeekUnits = FrozenSet.ToFrozenSet(
        ["uke", "uker", "uka", "veke", "veker", "vekor", "ukr", "ukers", "veka"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> MonthUnits = FrozenSet.ToFrozenSet(
        ["måned", "måneder", "mnd", "månad", "månader", "måneden"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> HourUnits = FrozenSet.ToFrozenSet(
        ["time", "timer", "timar", "t", "tim", "timen"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> MinuteUnits = FrozenSet.ToFrozenSet(
        ["minutt", "minutter", "min", "minuttar", "minuter", "minutt", "mins"], StringComparer.Ordinal);

    public static readonly FrozenSet<string> Weekend = FrozenSet.ToFrozenSet(["helga", "helgen", "helg", "helgå"], StringComparer.Ordinal);

    public static bool TryWeekday(string word, out DayOfWeek day) =>
        Weekdays.TryGetValue(word, out day)
        || (word.Length >= 5 && Folding.TryFuzzy(word, FullWeekdays, minLength: 5, out day) && FirstLetterMatches(word, day));

    public static bool TryMonth(string word, out int month) =>
        Months.TryGetValue(word, out month) || Folding.TryFuzzy(word, FullMonths, minLength: 5, out month);

    public static bool TryDayPart(string word, out DayPart part) =>
        DayParts.TryGetValue(word, out part)
        || (word.Length >= 8 && Folding.TryFuzzy(word, LongDayParts, minLength: 9, out part) && word[0] is 'e' or 'f');

    public static TimeOnly TimeOf(DayPart part) => part switch
    {
        DayPart.Morning => new TimeOnly(8, 0),
        DayPart.Forenoon => new TimeOnly(10, 0),
        DayPart.Noon => new TimeOnly(12, 0),
        DayPart.Afternoon => new TimeOnly(14, 0),
        _ => new TimeOnly(19, 0),
    };

    private static bool FirstLetterMatches(string word, DayOfWeek day) =>
        WeekdayTable.First(w => w.Day == day).Words[0][0] is var first && Folding.Fold(word)[0] == Folding.Fold(first.ToString())[0];

    private static FrozenDictionary<string, T> Build<T>((T Value, string[] Words)[] table)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var (value, words) in table)
        {
            foreach (var word in words)
            {
                map.TryAdd(word, value);
                map.TryAdd(Folding.Fold(word), value);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
