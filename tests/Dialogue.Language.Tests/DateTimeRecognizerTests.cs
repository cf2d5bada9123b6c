using System.Globalization;

namespace Dialogue.Language.Tests;

public sealed class DateTimeRecognizerTests
{
    /// <summary>Wednesday 18 November 2026, 13:15 in Oslo (12:15 UTC).</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);

    private static void AssertResolves(string input, string date, string? time, DateTimeOffset now)
    {
        var result = DateTimeRecognizer.Recognize(input, now);

        Assert.NotNull(result);
        Assert.Equal(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), result.Date);
        Assert.Equal(time is null ? null : TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture), result.Time);
    }

    [Theory]
    [InlineData("i dag", "2026-11-18")]
    [InlineData("idag", "2026-11-18")]
    [InlineData("I DAG", "2026-11-18")]
    [InlineData("i morgen", "2026-11-19")]
    [InlineData("imorgen", "2026-11-19")]
    [InlineData("i morra", "2026-11-19")]
    [InlineData("imorra", "2026-11-19")]
    [InlineData("imårra", "2026-11-19")]
    [InlineData("i mårå", "2026-11-19")]
    [InlineData("i morn", "2026-11-19")]
    [InlineData("i overmorgen", "2026-11-20")]
    [InlineData("overmorgen", "2026-11-20")]
    [InlineData("om to dager", "2026-11-20")]
    [InlineData("om 3 dager", "2026-11-21")]
    [InlineData("om et par dager", "2026-11-20")]
    [InlineData("om en uke", "2026-11-25")]
    [InlineData("om to uker", "2026-12-02")]
    [InlineData("om 14 dager", "2026-12-02")]
    [InlineData("om en måned", "2026-12-18")]
    [InlineData("neste uke", "2026-11-23")]
    [InlineData("i neste uke", "2026-11-23")]
    [InlineData("neste veke", "2026-11-23")]
    [InlineData("etter helga", "2026-11-23")]
    [InlineData("i helga", "2026-11-21")]
    [InlineData("uke 48", "2026-11-23")]
    [InlineData("neste måned", "2026-12-01")]
    public void Relative_days_count_from_today(string input, string date) => AssertResolves(input, date, null, Wednesday);

    [Theory]
    [InlineData("på fredag", "2026-11-20")]
    [InlineData("fredag", "2026-11-20")]
    [InlineData("Fredag", "2026-11-20")]
    [InlineData("neste fredag", "2026-11-20")]
    [InlineData("fredan", "2026-11-20")]
    [InlineData("fredag'n", "2026-11-20")]
    [InlineData("på fredagen", "2026-11-20")]
    [InlineData("fredga", "2026-11-20")]
    [InlineData("paa fredag", "2026-11-20")]
    [InlineData("mandag", "2026-11-23")]
    [InlineData("mandan", "2026-11-23")]
    [InlineData("tirsdag", "2026-11-24")]
    [InlineData("tirsda", "2026-11-24")]
    [InlineData("torsdag", "2026-11-19")]
    [InlineData("torsda", "2026-11-19")]
    [InlineData("lørdag", "2026-11-21")]
    [InlineData("lørda", "2026-11-21")]
    [InlineData("lordag", "2026-11-21")]
    [InlineData("loerdag", "2026-11-21")]
    [InlineData("søndag", "2026-11-22")]
    [InlineData("sønda", "2026-11-22")]
    [InlineData("sondag", "2026-11-22")]
    [InlineData("fredag neste uke", "2026-11-27")]
    [InlineData("neste uke på fredag", "2026-11-27")]
    [InlineData("fredag 20. november", "2026-11-20")]
    public void A_weekday_name_is_the_next_such_day(string input, string date) => AssertResolves(input, date, null, Wednesday);

    [Theory]
    [InlineData("onsdag", "2026-11-25", null)]
    [InlineData("onsda", "2026-11-25", null)]
    [InlineData("onsdag kl 15", "2026-11-18", "15:00")]
    [InlineData("onsdag kveld", "2026-11-18", "19:00")]
    [InlineData("onsdag kl 10", "2026-11-25", "10:00")]
    [InlineData("onsdag kl 13", "2026-11-25", "13:00")]
    [InlineData("neste onsdag kl 15", "2026-11-25", "15:00")]
    public void Todays_weekday_is_a_week_ahead_unless_a_later_time_today_is_given(string input, string date, string? time) =>
        AssertResolves(input, date, time, Wednesday);

    [Theory]
    [InlineData("15. mai", "2027-05-15")]
    [InlineData("15 mai", "2027-05-15")]
    [InlineData("15.mai", "2027-05-15")]
    [InlineData("15.05", "2027-05-15")]
    [InlineData("15.5", "2027-05-15")]
    [InlineData("15/5", "2027-05-15")]
    [InlineData("15.05.2027", "2027-05-15")]
    [InlineData("15.05.27", "2027-05-15")]
    [InlineData("15/5/2027", "2027-05-15")]
    [InlineData("den 15. mai 2027", "2027-05-15")]
    [InlineData("24. desember", "2026-12-24")]
    [InlineData("24.12", "2026-12-24")]
    [InlineData("1. januar", "2027-01-01")]
    [InlineData("18. november", "2026-11-18")]
    [InlineData("17. november", "2027-11-17")]
    [InlineData("3. des", "2026-12-03")]
    [InlineData("3 desmber", "2026-12-03")]
    [InlineData("2 agust", "2027-08-02")]
    [InlineData("første desember", "2026-12-01")]
    [InlineData("den 20", "2026-11-20")]
    [InlineData("den 10.", "2026-12-10")]
    public void Calendar_dates_without_a_year_that_have_passed_mean_next_year(string input, string date) =>
        AssertResolves(input, date, null, Wednesday);

    [Theory]
    [InlineData("kl 10", "2026-11-19", "10:00")]
    [InlineData("kl. 15", "2026-11-18", "15:00")]
    [InlineData("klokka 16", "2026-11-18", "16:00")]
    [InlineData("klokken 14:30", "2026-11-18", "14:30")]
    [InlineData("10:30", "2026-11-19", "10:30")]
    [InlineData("kl 10.30", "2026-11-19", "10:30")]
    [InlineData("10.30", "2026-11-19", "10:30")]
    [InlineData("kl 1030", "2026-11-19", "10:30")]
    [InlineData("kl 10-12 i morgen", "2026-11-19", "10:00")]
    [InlineData("i dag kl 10", "2026-11-18", "10:00")]
    [InlineData("i morgen kl 10", "2026-11-19", "10:00")]
    [InlineData("i morgen klokka 9.30", "2026-11-19", "09:30")]
    [InlineData("kan vi ta det imårra kl 12", "2026-11-19", "12:00")]
    [InlineData("i mårra kl 11", "2026-11-19", "11:00")]
    [InlineData("fredag kl 3", "2026-11-20", "15:00")]
    [InlineData("fredag kl 03", "2026-11-20", "03:00")]
    [InlineData("fredag 10.30", "2026-11-20", "10:30")]
    [InlineData("fredag 10", "2026-11-20", "10:00")]
    [InlineData("FREDAG KL 10", "2026-11-20", "10:00")]
    [InlineData("tirsdag kl 9", "2026-11-24", "09:00")]
    [InlineData("torsdag 14:00", "2026-11-19", "14:00")]
    [InlineData("15.05 kl 10", "2027-05-15", "10:00")]
    [InlineData("den 15. mai kl 10", "2027-05-15", "10:00")]
    [InlineData("Jeg kan komme på fredag kl 10 hvis det passer", "2026-11-20", "10:00")]
    [InlineData("om 2 timer", "2026-11-18", "15:15")]
    [InlineData("om en halvtime", "2026-11-18", "13:45")]
    public void Clock_times_combine_with_the_date(string input, string date, string? time) =>
        AssertResolves(input, date, time, Wednesday);

    [Theory]
    [InlineData("halv elleve", "2026-11-19", "10:30")]
    [InlineData("i morgen halv elleve", "2026-11-19", "10:30")]
    [InlineData("kvart over ti", "2026-11-19", "10:15")]
    [InlineData("kvart på ti", "2026-11-19", "09:45")]
    [InlineData("kl halv tre", "2026-11-18", "14:30")]
    [InlineData("ti over halv tre", "2026-11-18", "14:40")]
    [InlineData("fem på halv elleve i morgen", "2026-11-19", "10:25")]
    [InlineData("tirsdag klokka halv to", "2026-11-24", "13:30")]
    [InlineData("kl ti", "2026-11-19", "10:00")]
    [InlineData("halv ett på fredag", "2026-11-20", "12:30")]
    public void Spoken_clock_times_are_read(string input, string date, string? time) =>
        AssertResolves(input, date, time, Wednesday);

    [Theory]
    [InlineData("i morgen tidlig", "2026-11-19", "08:00")]
    [InlineData("i morra tidlig", "2026-11-19", "08:00")]
    [InlineData("i morgen formiddag", "2026-11-19", "10:00")]
    [InlineData("formiddag", "2026-11-19", "10:00")]
    [InlineData("i formiddag", "2026-11-18", "10:00")]
    [InlineData("ettermiddag", "2026-11-18", "14:00")]
    [InlineData("i ettermiddag", "2026-11-18", "14:00")]
    [InlineData("fredag ettermiddag", "2026-11-20", "14:00")]
    [InlineData("fredag formiddag", "2026-11-20", "10:00")]
    [InlineData("fredag ettermidag", "2026-11-20", "14:00")]
    [InlineData("kveld", "2026-11-18", "19:00")]
    [InlineData("i kveld", "2026-11-18", "19:00")]
    [InlineData("ikveld", "2026-11-18", "19:00")]
    [InlineData("i kveld kl 8", "2026-11-18", "20:00")]
    [InlineData("mandag ettermiddag kl 4", "2026-11-23", "16:00")]
    [InlineData("lørdag morgen", "2026-11-21", "08:00")]
    [InlineData("lunsj i morgen", "2026-11-19", "12:00")]
    [InlineData("midt på dagen på fredag", "2026-11-20", "12:00")]
    [InlineData("på kvelden på søndag", "2026-11-22", "19:00")]
    public void Parts_of_the_day_give_a_time(string input, string date, string? time) =>
        AssertResolves(input, date, time, Wednesday);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("snart kanskje")]
    [InlineData("hei")]
    [InlineData("vet ikke")]
    [InlineData("når det passer")]
    [InlineData("ja")]
    [InlineData("1000")]
    [InlineData("15")]
    [InlineData("mai")]
    [InlineData("32.13")]
    [InlineData("31.02")]
    [InlineData("kanskje neste gang")]
    [InlineData("aldri")]
    [InlineData("tok en pille mot migrenen")]
    public void Text_without_a_date_or_time_gives_null(string? input) => Assert.Null(DateTimeRecognizer.Recognize(input, Wednesday));

    [Theory]
    [InlineData("fredag", "2027-01-01")]
    [InlineData("2. januar", "2027-01-02")]
    [InlineData("om to dager", "2027-01-01")]
    [InlineData("neste uke", "2027-01-04")]
    [InlineData("i morgen", "2026-12-31")]
    [InlineData("31.12", "2026-12-31")]
    [InlineData("29.12", "2027-12-29")]
    [InlineData("om en uke", "2027-01-06")]
    public void Dates_roll_over_the_year_end(string input, string date) =>
        AssertResolves(input, date, null, new DateTimeOffset(2026, 12, 30, 10, 0, 0, TimeSpan.FromHours(1)));

    [Fact]
    public void Relative_hours_cross_midnight_into_the_new_year()
    {
        var result = DateTimeRecognizer.Recognize("om 2 timer", new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(1)))!;

        Assert.Equal(new DateOnly(2027, 1, 1), result.Date);
        Assert.Equal(new TimeOnly(1, 30), result.Time);
    }

    [Fact]
    public void The_29th_of_February_without_a_year_is_the_next_leap_day() =>
        AssertResolves("29.02", "2028-02-29", null, new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.FromHours(1)));

    [Fact]
    public void Value_is_the_local_instant_in_Oslo_in_winter()
    {
        var result = DateTimeRecognizer.Recognize("i morgen kl 10", Wednesday)!;

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.FromHours(1)), result.Value);
        Assert.Equal(TimeSpan.FromHours(1), result.Value.Offset);
    }

    [Fact]
    public void Value_without_a_time_is_local_midnight()
    {
        var result = DateTimeRecognizer.Recognize("15.05.2027", Wednesday)!;

        Assert.Equal(new DateTimeOffset(2027, 5, 15, 0, 0, 0, TimeSpan.FromHours(2)), result.Value);
        Assert.Null(result.Time);
    }

    [Fact]
    public void After_the_spring_change_the_offset_is_summer_time()
    {
        // Saturday 28 March 2026, 12:00 in Oslo; clocks go forward at 02:00 on Sunday 29 March.
        var saturday = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.FromHours(1));

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 10, 0, 0, TimeSpan.FromHours(2)), DateTimeRecognizer.Recognize("i morgen kl 10", saturday)!.Value);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.FromHours(1)), DateTimeRecognizer.Recognize("i morgen", saturday)!.Value);
    }

    [Fact]
    public void A_time_in_the_skipped_spring_hour_moves_forward_by_the_gap()
    {
        var saturday = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.FromHours(1));

        var result = DateTimeRecognizer.Recognize("i morgen kl 02:30", saturday)!;

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), result.Value);
        Assert.Equal(new TimeOnly(3, 30), result.Time);
    }

    [Fact]
    public void A_time_that_happens_twice_in_autumn_is_the_first_one()
    {
        // Saturday 24 October 2026; clocks go back at 03:00 on Sunday 25 October.
        var saturday = new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.FromHours(2)), DateTimeRecognizer.Recognize("i morgen kl 02:30", saturday)!.Value);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 10, 0, 0, TimeSpan.FromHours(1)), DateTimeRecognizer.Recognize("i morgen kl 10", saturday)!.Value);
    }

    [Fact]
    public void Now_given_in_another_offset_is_read_in_Oslo()
    {
        // 23:30 UTC on Wednesday is 00:30 on Thursday in Oslo: "i dag" is Thursday.
        var lateUtc = new DateTimeOffset(2026, 11, 18, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateOnly(2026, 11, 19), DateTimeRecognizer.Recognize("i dag", lateUtc)!.Date);
    }

    [Fact]
    public void Another_zone_can_be_given()
    {
        var result = DateTimeRecognizer.Recognize("i morgen kl 10", Wednesday, TimeZoneInfo.Utc)!;

        Assert.Equal(new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero), result.Value);
    }

    [Fact]
    public void Oslo_is_the_Europe_Oslo_zone()
    {
        var summer = DateTimeRecognizer.Oslo.GetUtcOffset(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc));
        var winter = DateTimeRecognizer.Oslo.GetUtcOffset(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc));

        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(1)), (summer, winter));
    }

    [Theory]
    [InlineData("Jeg kan komme på fredag kl 10 hvis det passer", "på fredag kl 10")]
    [InlineData("Kan vi ta det imårra?", "imårra")]
    [InlineData("ok, 15. mai da", "15. mai")]
    [InlineData("Fredag'n kl. 10.30!", "Fredag'n kl. 10.30")]
    public void Matched_is_the_part_of_the_input_that_was_used(string input, string matched) =>
        Assert.Equal(matched, DateTimeRecognizer.Recognize(input, Wednesday)!.Matched);
}
