using System.Globalization;
using System.Text.RegularExpressions;

namespace Dialogue.Language;

/// <summary>
/// Dates and times the way people write them in Norwegian, relative to now in Europe/Oslo: "i dag", "i morra", "på fredag",
/// "neste uke", "om to dager", "15. mai", "15.05", "15/5", "kl 10", "halv elleve", "kvart på ti", "i morgen tidlig",
/// "fredag ettermiddag" — with dialect and typos ("imårra", "fredan", "fredag'n", "tirsda", "i mårå").
/// </summary>
/// <remarks>
/// Rules, so the bot never has to guess silently:
/// <list type="bullet">
/// <item>A weekday name ("fredag", "på fredag", "neste fredag") is the next such day after today. Today's own weekday name
/// means a week from today — unless a time later today is given ("onsdag kl 15" on a Wednesday at 13:15 is today).
/// "neste" with today's weekday is always a week from today. "fredag neste uke" is the Friday of next week.</item>
/// <item>"neste uke" alone is Monday of next week; "i helga" the coming Saturday (today on a Saturday or Sunday);
/// "neste måned" the first of next month; "om N dager/uker/måneder" counts from today; "om N timer/minutter" from now.</item>
/// <item>A day and month without a year that has already passed this year is next year. "den 20" alone is the next 20th.</item>
/// <item>"10:30" is always a time. "10.30" is a time when it cannot be a date (no month 30), after "kl", or when the message
/// already has a date ("fredag 10.30"); otherwise "15.05" is 15 May.</item>
/// <item>Clock hours 1–6 written without a leading zero and without a part of the day are read as afternoon (13–18):
/// people write "kl 3" for 15:00 and appointments are in the daytime. "kl 03" and "03:00" stay at night.
/// "kveld"/"ettermiddag" move 1–11 to the afternoon; "morgen"/"formiddag" keep them in the morning.</item>
/// <item>Parts of the day: "tidlig"/"morgen" 08:00, "formiddag" 10:00, "lunsj" 12:00, "ettermiddag" 14:00, "kveld" 19:00.
/// "i kveld", "i ettermiddag", "i formiddag" are today.</item>
/// <item>A time without a date is today when it is still ahead today, otherwise tomorrow. "i dag kl 10" stays today.</item>
/// <item>A local time that does not exist (the spring-forward hour) moves forward by the gap; a time that exists twice
/// (autumn) is the first of the two.</item>
/// </list>
/// Returns null when nothing date- or time-like is found.
/// </remarks>
public static partial class DateTimeRecognizer
{
    public static TimeZoneInfo Oslo { get; } = FindOslo();

    public static DateTimeResolution? Recognize(string? text, DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        zone ??= Oslo;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var tokens = NorwegianNormalizer.Analyze(text).Where(t => !t.IsSymbol).ToList();
        var parts = new Parser(tokens.Select(t => t.Text).ToList()).Parse();
        if (parts.Count == 0)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var resolved = new Resolver(parts, DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local), now, zone).Resolve();
        if (resolved is null)
        {
            return null;
        }

        var (date, time, used) = resolved.Value;
        var (value, actualTime) = ToInstant(date, time, zone);
        var start = used.Min(p => tokens[p.First].Start);
        var end = used.Max(p => tokens[p.Last].End);
        return new DateTimeResolution(date, actualTime, value, text[start..end]);
    }

    /// <summary>The local date and time as an instant in <paramref name="zone"/>, moved past a spring-forward gap.</summary>
    private static (DateTimeOffset Value, TimeOnly? Time) ToInstant(DateOnly date, TimeOnly? time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(time ?? TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var gap = zone.GetUtcOffset(local.AddHours(6)) - zone.GetUtcOffset(local.AddHours(-6));
            local = local.Add(gap > TimeSpan.Zero ? gap : TimeSpan.FromHours(1));
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return (new DateTimeOffset(local, offset), time is null ? null : TimeOnly.FromDateTime(local));
    }

    private static TimeZoneInfo FindOslo()
    {
        foreach (var id in new[] { "Europe/Oslo", "W. Europe Standard Time" })
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        // No time-zone database (e.g. a minimal container): Central European Time with the EU summer-time rules.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            DateTime.MinValue.Date,
            DateTime.MaxValue.Date,
            TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Oslo", TimeSpan.FromHours(1), "Europe/Oslo", "CET", "CEST", [rule]);
    }

    // ---- What the parser finds: each part covers tokens First..Last. ----

    private abstract record Part(int First, int Last);

    private abstract record DatePart(int First, int Last) : Part(First, Last);

    private sealed record RelativeDays(int Days, int First, int Last) : DatePart(First, Last);

    private sealed record Weekday(DayOfWeek Day, bool Next, bool NextWeek, int First, int Last) : DatePart(First, Last);

    private sealed record NextWeekStart(int First, int Last) : DatePart(First, Last);

    private sealed record WeekNumber(int Week, int First, int Last) : DatePart(First, Last);

    private sealed record Weekend(int First, int Last) : DatePart(First, Last);

    private sealed record NextMonth(int First, int Last) : DatePart(First, Last);

    private sealed record RelativeMonths(int Months, int First, int Last) : DatePart(First, Last);

    private sealed record CalendarDate(int Day, int Month, int? Year, int First, int Last) : DatePart(First, Last);

    private sealed record DayOfMonth(int Day, int First, int Last) : DatePart(First, Last);

    /// <summary>"15.05": a date, or a time when the message already has a date or it cannot be a date.</summary>
    private sealed record DateOrTime(int A, int B, bool TwoDigitMinutes, bool LeadingZero, int First, int Last) : Part(First, Last);

    private sealed record Clock(int Hour, int Minute, bool Is24Hour, int First, int Last) : Part(First, Last);

    private sealed record PartOfDay(DayPart Kind, bool Today, int First, int Last) : Part(First, Last);

    private sealed record FromNow(TimeSpan Span, int First, int Last) : Part(First, Last);

    // ---- Parsing ----

    [GeneratedRegex(@"^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateWithYear();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"^(\d{1,2})\.(\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DottedPair();

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ColonTime();

    [GeneratedRegex(@"^(\d{1,2})[.:](\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockDigits();

    [GeneratedRegex(@"^(\d{1,2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex CompactClock();

    [GeneratedRegex(@"^(\d{1,2})-(\d{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex HourRange();

    private sealed class Parser(List<string> words)
    {
        private readonly List<Part> _parts = [];

        public List<Part> Parse()
        {
            var i = 0;
            while (i < words.Count)
            {
                var part = FromNowOrLater(i) ?? RelativeDay(i) ?? WeekdayAt(i) ?? Calendar(i) ?? WeekWords(i)
                    ?? ClockAt(i) ?? WordTime(i) ?? BareTime(i) ?? DayPartAt(i);
                if (part is null)
                {
                    i++;
                    continue;
                }

                _parts.Add(part);
                i = part.Last + 1;
            }

            return _parts;
        }

        private string? W(int i) => i >= 0 && i < words.Count ? words[i] : null;

        private bool Is(int i, params string[] options) => W(i) is { } w && Array.IndexOf(options, w) >= 0;

        /// <summary>"om to dager", "om en uke", "om 3 uker", "om en måned", "om 2 timer", "om en halvtime".</summary>
        private Part? FromNowOrLater(int i)
        {
            if (!Is(i, "om"))
            {
                return null;
            }

            var at = i + 1;
            int amount;
            if (Is(at, "et", "ett", "en") && Is(at + 1, "par"))
            {
                (amount, at) = (2, at + 2);
            }
            else if (Is(at, "par"))
            {
                (amount, at) = (2, at + 1);
            }
            else if (Is(at, "en", "ei", "et", "ett") && Is(at + 1, "halv") && W(at + 2) is { } halfUnit && DateWords.HourUnits.Contains(halfUnit))
            {
                return new FromNow(TimeSpan.FromMinutes(30), i, at + 2);
            }
            else if (NumberWords.TryRead(words, at, allowTypos: false, out var number))
            {
                (amount, at) = (number.Value, at + number.Count);
            }
            else
            {
                return null;
            }

            var unit = W(at);
            if (unit is null || amount > 1000)
            {
                return null;
            }

            if (DateWords.DayUnits.Contains(unit))
            {
                return new RelativeDays(amount, i, at);
            }

            if (DateWords.WeekUnits.Contains(unit))
            {
                return new RelativeDays(amount * 7, i, at);
            }

            if (DateWords.MonthUnits.Contains(unit))
            {
                return new RelativeMonths(amount, i, at);
            }

            if (DateWords.HourUnits.Contains(unit))
            {
                return new FromNow(TimeSpan.FromHours(amount), i, at);
            }

            if (DateWords.MinuteUnits.Contains(unit))
            {
                return new FromNow(TimeSpan.FromMinutes(amount), i, at);
            }

            return unit switch
            {
                "halvtime" => new FromNow(TimeSpan.FromMinutes(30 * amount), i, at),
                "kvarter" => new FromNow(TimeSpan.FromMinutes(15 * amount), i, at),
                _ => null,
            };
        }

        /// <summary>"i dag", "i morgen", "i overmorgen", "overmorgen", "i går", "morra".</summary>
        private Part? RelativeDay(int i)
        {
            if (Is(i, "i"))
            {
                int? days = W(i + 1) switch
                {
                    "dag" => 0,
                    "morgen" => 1,
                    "overmorgen" or "overmorra" => 2,
                    "går" => -1,
                    _ => null,
                };
                if (days is { } d)
                {
                    return new RelativeDays(d, i, i + 1);
                }
            }

            return W(i) switch
            {
                "overmorgen" or "overmorra" => new RelativeDays(2, i, i),
                "morra" or "mårra" or "mårå" or "imorra" => new RelativeDays(1, i, i),
                _ => null,
            };
        }

        /// <summary>"fredag", "på fredag", "nå på fredag", "neste fredag", "fredag neste uke".</summary>
        private Part? WeekdayAt(int i)
        {
            var at = i;
            var next = false;
            while (Is(at, "på", "nå", "til", "kommende", "førstkommende", "denne", "neste"))
            {
                next |= Is(at, "neste");
                at++;
            }

            if (W(at) is not { } word || !DateWords.TryWeekday(word, out var day))
            {
                return null;
            }

            // "fredag neste uke", "fredag i neste uke", "fredag om en uke".
            var last = at;
            var nextWeek = false;
            if (Is(at + 1, "neste") && W(at + 2) is { } u1 && DateWords.WeekUnits.Contains(u1))
            {
                (nextWeek, last) = (true, at + 2);
            }
            else if (Is(at + 1, "i") && Is(at + 2, "neste") && W(at + 3) is { } u2 && DateWords.WeekUnits.Contains(u2))
            {
                (nextWeek, last) = (true, at + 3);
            }
            else if (Is(at + 1, "om") && Is(at + 2, "en", "ei", "1") && W(at + 3) is { } u3 && DateWords.WeekUnits.Contains(u3))
            {
                (nextWeek, last) = (true, at + 3);
            }

            return new Weekday(day, next, nextWeek, i, last);
        }

        /// <summary>"15.05.2027", "15/5", "15.05" (date or time), "15. mai", "den 15. mai 2027", "første mai", "den 20".</summary>
        private Part? Calendar(int i)
        {
            var word = W(i)!;
            if (DateWithYear().Match(word) is { Success: true } withYear)
            {
                var year = Int(withYear.Groups[3].Value);
                return new CalendarDate(Int(withYear.Groups[1].Value), Int(withYear.Groups[2].Value), year < 100 ? 2000 + year : year, i, i);
            }

            if (SlashDate().Match(word) is { Success: true } slash)
            {
                return new CalendarDate(Int(slash.Groups[1].Value), Int(slash.Groups[2].Value), null, i, i);
            }

            if (DottedPair().Match(word) is { Success: true } dotted)
            {
                var (a, b) = (dotted.Groups[1].Value, dotted.Groups[2].Value);
                return new DateOrTime(Int(a), Int(b), b.Length == 2, a.Length == 2 && a[0] == '0', i, i);
            }

            var at = Is(i, "den") ? i + 1 : i;
            if (W(at) is not { } dayWord || !TryDayOfMonth(dayWord, out var day))
            {
                return null;
            }

            if (W(at + 1) is { } monthWord && DateWords.TryMonth(monthWord, out var month))
            {
                int? year = W(at + 2) is { Length: 4 } y && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var yy) && yy is >= 2000 and <= 2100
                    ? yy
                    : null;
                return new CalendarDate(day, month, year, i, year is null ? at + 1 : at + 2);
            }

            // "den 20" (not "den 20 kl …" read as a time, not "den første" in a longer sentence without "den").
            return at > i && !DateWords.ClockWords.Contains(W(at + 1) ?? string.Empty) ? new DayOfMonth(day, i, at) : null;
        }

        private static bool TryDayOfMonth(string word, out int day)
        {
            if (char.IsAsciiDigit(word[0]))
            {
                return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out day) && day is >= 1 and <= 31;
            }

            return OrdinalWords.TryParse(word, out day) && day is >= 1 and <= 31;
        }

        /// <summary>"neste uke", "i neste uke", "uke 48", "i helga", "etter helga", "neste måned".</summary>
        private Part? WeekWords(int i)
        {
            var at = Is(i, "i", "til", "over") ? i + 1 : i;
            if (Is(at, "neste") && W(at + 1) is { } unit)
            {
                if (DateWords.WeekUnits.Contains(unit))
                {
                    return new NextWeekStart(i, at + 1);
                }

                if (DateWords.MonthUnits.Contains(unit))
                {
                    return new NextMonth(i, at + 1);
                }
            }

            if (W(at) is { } weekWord && DateWords.WeekUnits.Contains(weekWord) && W(at + 1) is { } n
                && int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var week) && week is >= 1 and <= 53)
            {
                return new WeekNumber(week, i, at + 1);
            }

            if (W(at) is { } weekend && DateWords.Weekend.Contains(weekend))
            {
                return new Weekend(i, at);
            }

            if (Is(i, "etter") && W(i + 1) is { } afterWeekend && DateWords.Weekend.Contains(afterWeekend))
            {
                return new NextWeekStart(i, i + 1);
            }

            return null;
        }

        /// <summary>"kl 10", "kl. 10:30", "klokka halv elleve", "kl 1030", "kl 10-12", "kl ti".</summary>
        private Part? ClockAt(int i)
        {
            if (W(i) is not { } word || !DateWords.ClockWords.Contains(word))
            {
                return null;
            }

            var at = i + 1;
            if (W(at) is not { } value)
            {
                return null;
            }

            if (WordTime(at) is Clock spoken)
            {
                return spoken with { First = i };
            }

            Clock? clock = null;
            if (ClockDigits().Match(value) is { Success: true } hm)
            {
                clock = MakeClock(Int(hm.Groups[1].Value), Int(hm.Groups[2].Value), value[0] == '0' && value.Length == 5, i, at);
            }
            else if (CompactClock().Match(value) is { Success: true } compact)
            {
                clock = MakeClock(Int(compact.Groups[1].Value), Int(compact.Groups[2].Value), value[0] == '0', i, at);
            }
            else if (HourRange().Match(value) is { Success: true } range)
            {
                clock = MakeClock(Int(range.Groups[1].Value), 0, range.Groups[1].Value.StartsWith('0'), i, at);
            }
            else if (HourOf(value, out var hour, out var is24))
            {
                clock = MakeClock(hour, 0, is24, i, at);
            }

            if (clock is not null && Is(at + 1, "tiden", "tida"))
            {
                clock = clock with { Last = at + 1 };
            }

            return clock;
        }

        /// <summary>"halv elleve", "kvart over ti", "kvart på ti", "ti over halv tre", "fem på halv elleve".</summary>
        private Part? WordTime(int i)
        {
            if (Is(i, "halv") && W(i + 1) is { } halfOf && HourOf(halfOf, out var halfHour, out _) && halfHour is >= 1 and <= 12)
            {
                return MakeClock(Twelve(halfHour - 1), 30, false, i, i + 1);
            }

            int minutes;
            var at = i;
            if (Is(i, "kvart"))
            {
                (minutes, at) = (15, i + 1);
            }
            else if (NumberWords.TryRead(words, i, allowTypos: false, out var number) && number.Value is >= 1 and <= 29 && !number.HasLeadingZero)
            {
                (minutes, at) = (number.Value, i + number.Count);
            }
            else
            {
                return null;
            }

            if (!Is(at, "over", "på"))
            {
                return null;
            }

            var over = Is(at, "over");
            var half = Is(at + 1, "halv");
            var hourAt = half ? at + 2 : at + 1;
            if (W(hourAt) is not { } hourWord || !HourOf(hourWord, out var hour, out _) || hour is < 1 or > 12)
            {
                return null;
            }

            var total = ((half ? hour - 1 : hour) * 60) + (half ? 30 : 0) + (over ? minutes : -minutes);
            total = ((total % 720) + 720) % 720;
            return MakeClock(Twelve(total / 60), total % 60, false, i, hourAt);
        }

        /// <summary>"10:30"; "fredag 10" and "i morgen 14" (an hour right after a date); "10 tiden".</summary>
        private Part? BareTime(int i)
        {
            var word = W(i)!;
            if (ColonTime().Match(word) is { Success: true } colon)
            {
                return MakeClock(Int(colon.Groups[1].Value), Int(colon.Groups[2].Value), word[0] == '0' && word.Length == 5, i, i);
            }

            if (word.Length <= 2 && char.IsAsciiDigit(word[0]) && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) && hour <= 23)
            {
                if (Is(i + 1, "tiden", "tida"))
                {
                    return MakeClock(hour, 0, word[0] == '0' || hour >= 13, i, i + 1);
                }

                var afterDate = _parts.Count > 0 && _parts[^1].Last == i - 1 && _parts[^1] is RelativeDays or Weekday;
                if (afterDate && !(W(i + 1) is { } next && DateWords.TryMonth(next, out _)))
                {
                    return MakeClock(hour, 0, word[0] == '0' || hour >= 13, i, i);
                }
            }

            return null;
        }

        /// <summary>"tidlig", "formiddag", "i ettermiddag", "på kvelden", "i kveld", "midt på dagen".</summary>
        private Part? DayPartAt(int i)
        {
            if (Is(i, "midt") && Is(i + 1, "på") && Is(i + 2, "dagen"))
            {
                return new PartOfDay(DayPart.Noon, false, i, i + 2);
            }

            var at = Is(i, "i", "på", "om", "utpå", "til") ? i + 1 : i;
            if (W(at) is { } word && DateWords.TryDayPart(word, out var part))
            {
                return new PartOfDay(part, Is(i, "i") && at == i + 1, i, at);
            }

            return null;
        }

        private static Clock? MakeClock(int hour, int minute, bool is24Hour, int first, int last) =>
            hour is >= 0 and <= 24 && minute is >= 0 and <= 59 && !(hour == 24 && minute > 0)
                ? new Clock(hour % 24, minute, is24Hour || hour == 0 || hour >= 13, first, last)
                : null;

        /// <summary>An hour in digits (0–24) or words ("ti", "ett", "tolv").</summary>
        private static bool HourOf(string word, out int hour, out bool is24Hour)
        {
            is24Hour = false;
            if (char.IsAsciiDigit(word[0]))
            {
                is24Hour = word.Length == 2 && word[0] == '0';
                return int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out hour) && hour <= 24;
            }

            return NumberWords.TryWord(word, out hour) && hour is >= 1 and <= 12;
        }

        private static int Twelve(int hour) => hour <= 0 ? 12 : hour;

        private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    // ---- Resolving the parts against today ----

    private sealed class Resolver(List<Part> parts, DateOnly today, TimeOnly nowTime, DateTimeOffset now, TimeZoneInfo zone)
    {
        public (DateOnly Date, TimeOnly? Time, List<Part> Used)? Resolve()
        {
            var dated = parts.OfType<DatePart>().ToList();

            // "15.05" is a time when there is another date or it cannot be a date.
            var clocks = parts.OfType<Clock>().ToList();
            foreach (var pair in parts.OfType<DateOrTime>())
            {
                var asTime = pair.A <= 23 && pair.B <= 59 && pair.TwoDigitMinutes;
                var asDate = CalendarDateOf(new CalendarDate(pair.A, pair.B, null, pair.First, pair.Last)) is not null;
                if (asDate && dated.Count == 0)
                {
                    dated.Add(new CalendarDate(pair.A, pair.B, null, pair.First, pair.Last));
                }
                else if (asTime)
                {
                    clocks.Add(new Clock(pair.A, pair.B, pair.LeadingZero || pair.A >= 13 || pair.A == 0, pair.First, pair.Last));
                }
            }

            clocks.Sort((a, b) => a.First.CompareTo(b.First));
            var clock = clocks.FirstOrDefault();
            var dayPart = parts.OfType<PartOfDay>().FirstOrDefault();
            var fromNow = parts.OfType<FromNow>().FirstOrDefault();
            var used = new List<Part>();

            if (fromNow is not null && dated.Count == 0)
            {
                var at = TimeZoneInfo.ConvertTime(now + fromNow.Span, zone).DateTime;
                var time = TimeOnly.FromDateTime(at);
                return (DateOnly.FromDateTime(at), new TimeOnly(time.Hour, time.Minute), [fromNow]);
            }

            var timeOfDay = TimeOfDay(clock, dayPart);
            if (clock is not null)
            {
                used.Add(clock);
            }

            if (dayPart is not null)
            {
                used.Add(dayPart);
            }

            // "neste uke" with a weekday ("neste uke på fredag"): the weekday in next week.
            var weekday = dated.OfType<Weekday>().FirstOrDefault();
            var weekStart = dated.OfType<NextWeekStart>().FirstOrDefault();
            if (weekday is not null && weekStart is not null)
            {
                dated.Remove(weekStart);
                dated[dated.IndexOf(weekday)] = weekday with { NextWeek = true };
                used.Add(weekStart);
            }

            DateOnly date;
            var chosen = dated.Select(d => (Part: d, Date: DateOf(d, timeOfDay))).Where(d => d.Date is not null)
                .OrderBy(d => Priority(d.Part)).FirstOrDefault();
            if (chosen.Part is not null)
            {
                date = chosen.Date!.Value;

                // Other date words that say the same day ("fredag 20. november") belong to the match too.
                used.AddRange(dated.Where(d => DateOf(d, timeOfDay) == date));
            }
            else if (timeOfDay is { } t)
            {
                date = dayPart is { Today: true } || t > nowTime ? today : today.AddDays(1);
            }
            else
            {
                return null;
            }

            return used.Count == 0 ? null : (date, timeOfDay, used);
        }

        /// <summary>The most specific date wins when several are given.</summary>
        private static int Priority(Part part) => part switch
        {
            CalendarDate => 0,
            DayOfMonth => 1,
            RelativeDays => 2,
            Weekday => 3,
            _ => 4,
        };

        private static TimeOnly? TimeOfDay(Clock? clock, PartOfDay? dayPart)
        {
            if (clock is null)
            {
                return dayPart is null ? null : DateWords.TimeOf(dayPart.Kind);
            }

            var hour = clock.Hour;
            if (!clock.Is24Hour && hour is >= 1 and <= 11)
            {
                var afternoon = dayPart?.Kind switch
                {
                    DayPart.Afternoon or DayPart.Evening => true,
                    DayPart.Morning or DayPart.Forenoon => false,
                    _ => hour <= 6,
                };
                if (afternoon)
                {
                    hour += 12;
                }
            }

            return new TimeOnly(hour, clock.Minute);
        }

        private DateOnly? DateOf(DatePart part, TimeOnly? time = null) => part switch
        {
            RelativeDays r => today.AddDays(r.Days),
            RelativeMonths m => today.AddMonths(m.Months),
            Weekday w => WeekdayDate(w, time),
            NextWeekStart => MondayOfNextWeek(),
            WeekNumber n => WeekDate(n.Week),
            Weekend => today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? today : today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7),
            NextMonth => new DateOnly(today.Year, today.Month, 1).AddMonths(1),
            CalendarDate c => CalendarDateOf(c),
            DayOfMonth d => DayOfMonthDate(d.Day),
            _ => null,
        };

        private DateOnly WeekdayDate(Weekday weekday, TimeOnly? time)
        {
            if (weekday.NextWeek)
            {
                return MondayOfNextWeek().AddDays(((int)weekday.Day + 6) % 7);
            }

            var ahead = ((int)weekday.Day - (int)today.DayOfWeek + 7) % 7;
            if (ahead == 0 && (weekday.Next || time is null || time <= nowTime))
            {
                ahead = 7;
            }

            return today.AddDays(ahead);
        }

        private DateOnly MondayOfNextWeek() => today.AddDays(7 - (((int)today.DayOfWeek + 6) % 7));

        private DateOnly? WeekDate(int week)
        {
            foreach (var year in new[] { today.Year, today.Year + 1 })
            {
                if (week <= ISOWeek.GetWeeksInYear(year))
                {
                    var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
                    if (monday.AddDays(6) >= today)
                    {
                        return monday;
                    }
                }
            }

            return null;
        }

        private DateOnly? CalendarDateOf(CalendarDate date)
        {
            if (date.Month is < 1 or > 12 || date.Day < 1)
            {
                return null;
            }

            if (date.Year is { } year)
            {
                return date.Day <= DateTime.DaysInMonth(year, date.Month) ? new DateOnly(year, date.Month, date.Day) : null;
            }

            // No year: this year, or next year when it has passed (29 February: the next year that has one).
            for (var y = today.Year; y <= today.Year + 4; y++)
            {
                if (date.Day <= DateTime.DaysInMonth(y, date.Month) && new DateOnly(y, date.Month, date.Day) is var candidate && candidate >= today)
                {
                    return candidate;
                }
            }

            return null;
        }

        private DateOnly? DayOfMonthDate(int day)
        {
            var month = new DateOnly(today.Year, today.Month, 1);
            for (var i = 0; i < 3; i++, month = month.AddMonths(1))
            {
                if (day <= DateTime.DaysInMonth(month.Year, month.Month) && new DateOnly(month.Year, month.Month, day) is var candidate && candidate >= today)
                {
                    return candidate;
                }
            }

            return null;
        }
    }
}
