using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;

namespace Dialogue.Safety.Tests.Escalation;

/// <summary>
/// The <c>OfficeHours</c> configuration: built-in defaults, an office's own entry replacing the default, and a clear
/// error naming the key for every kind of mistake.
/// </summary>
public sealed class OfficeHoursOptionsTests
{
    private static readonly TimeSpan Winter = TimeSpan.FromHours(1);
    private static readonly OfficeId Baerum = new("0219");
    private static readonly OfficeId Oslo = new("0301");

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, Winter);

    [Fact]
    public void The_built_in_default_is_weekdays_0800_to_1530_in_oslo_closed_on_holidays()
    {
        var hours = new OfficeHoursOptions().For(Baerum);

        Assert.Equal(new TimeOnly(8, 0), hours.Opens);
        Assert.Equal(new TimeOnly(15, 30), hours.Closes);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], hours.Days);
        Assert.Equal("Europe/Oslo", hours.TimeZone.Id);
        Assert.True(hours.HolidaysClosed);
        Assert.Empty(hours.ClosedDates);
    }

    [Fact]
    public void An_office_entry_overrides_the_default_for_that_office_only()
    {
        var options = new OfficeHoursOptions
        {
            Offices = { ["0219"] = new OfficeHoursSettings { Closes = "14:00", Days = ["monday", "TUESDAY", "Wednesday", "Thursday"] } },
        };

        var baerum = options.For(Baerum);
        var oslo = options.For(Oslo);

        Assert.False(baerum.IsOpen(At(2026, 1, 14, 14, 0)));   // Wednesday after 14:00
        Assert.False(baerum.IsOpen(At(2026, 1, 16, 10, 0)));   // Friday
        Assert.True(oslo.IsOpen(At(2026, 1, 14, 14, 0)));
        Assert.True(oslo.IsOpen(At(2026, 1, 16, 10, 0)));
    }

    [Fact]
    public void An_office_entry_replaces_the_whole_default_entry_not_field_by_field()
    {
        var options = new OfficeHoursOptions
        {
            Default = new OfficeHoursSettings { Closes = "16:00", ClosedDates = ["2026-12-24"] },
            Offices = { ["0219"] = new OfficeHoursSettings { Opens = "09:00" } },
        };

        var baerum = options.For(Baerum);

        Assert.Equal(new TimeOnly(15, 30), baerum.Closes);
        Assert.Empty(baerum.ClosedDates);
        Assert.Equal(new TimeOnly(16, 0), options.For(Oslo).Closes);
    }

    [Fact]
    public void Times_may_leave_out_the_leading_zero_or_give_seconds()
    {
        var hours = new OfficeHoursSettings { Opens = "8:15", Closes = "15:45:00" }.ToOfficeHours("OfficeHours:Default");

        Assert.Equal(new TimeOnly(8, 15), hours.Opens);
        Assert.Equal(new TimeOnly(15, 45), hours.Closes);
    }

    [Fact]
    public void Validate_accepts_the_defaults_and_good_office_entries()
    {
        var options = new OfficeHoursOptions
        {
            Offices = { ["0219"] = new OfficeHoursSettings { Opens = "09:00", ClosedDates = ["2026-12-24", "2026-12-31"] } },
        };

        options.Validate();
    }

    [Theory]
    [InlineData("kl 8", "OfficeHours:Offices:0219:Opens must be a time like 08:00, not 'kl 8'.")]
    [InlineData("25:00", "OfficeHours:Offices:0219:Opens must be a time like 08:00, not '25:00'.")]
    [InlineData("", "OfficeHours:Offices:0219:Opens must be a time like 08:00, not ''.")]
    public void A_bad_opening_time_is_named_with_its_key(string opens, string message) =>
        AssertInvalid(Office(new OfficeHoursSettings { Opens = opens }), message);

    [Fact]
    public void A_bad_closing_time_is_named_with_its_key() =>
        AssertInvalid(
            new OfficeHoursOptions { Default = new OfficeHoursSettings { Closes = "halv fire" } },
            "OfficeHours:Default:Closes must be a time like 08:00, not 'halv fire'.");

    [Theory]
    [InlineData("15:30", "08:00")]
    [InlineData("08:00", "08:00")]
    public void Closing_at_or_before_opening_is_named_with_its_key(string opens, string closes) =>
        AssertInvalid(
            Office(new OfficeHoursSettings { Opens = opens, Closes = closes }),
            $"OfficeHours:Offices:0219:Closes must be later than Opens ({opens}), not '{closes}'.");

    [Fact]
    public void An_unknown_time_zone_is_named_with_its_key() =>
        AssertInvalid(
            Office(new OfficeHoursSettings { TimeZone = "Oslo" }),
            "OfficeHours:Offices:0219:TimeZone must be a time zone id like Europe/Oslo, not 'Oslo'.");

    [Theory]
    [InlineData("Mandag")]
    [InlineData("1")]
    [InlineData("Mon")]
    public void A_bad_day_name_is_named_with_its_key(string day) =>
        AssertInvalid(
            Office(new OfficeHoursSettings { Days = ["Tuesday", day] }),
            $"OfficeHours:Offices:0219:Days must be English day names like Monday, not '{day}'.");

    [Theory]
    [InlineData("24.12.2026")]
    [InlineData("2026-02-30")]
    public void A_bad_closed_date_is_named_with_its_key(string date) =>
        AssertInvalid(
            Office(new OfficeHoursSettings { ClosedDates = [date] }),
            $"OfficeHours:Offices:0219:ClosedDates must be dates like 2026-12-24, not '{date}'.");

    [Fact]
    public void An_office_key_that_is_not_an_office_id_is_named() =>
        AssertInvalid(
            new OfficeHoursOptions { Offices = { ["Bærum"] = new OfficeHoursSettings() } },
            "OfficeHours:Offices:Bærum is not an office id: the keys are four digits, like 0219.");

    [Fact]
    public void An_office_whose_entry_is_invalid_cannot_get_its_hours()
    {
        var options = Office(new OfficeHoursSettings { Opens = "kl 8" });

        var error = Assert.Throws<InvalidOperationException>(() => options.For(Baerum));

        Assert.Equal("OfficeHours:Offices:0219:Opens must be a time like 08:00, not 'kl 8'.", error.Message);
        Assert.Equal(new TimeOnly(8, 0), options.For(Oslo).Opens);
    }

    private static OfficeHoursOptions Office(OfficeHoursSettings settings) => new() { Offices = { ["0219"] = settings } };

    private static void AssertInvalid(OfficeHoursOptions options, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidOperationException>(options.Validate).Message);
}
