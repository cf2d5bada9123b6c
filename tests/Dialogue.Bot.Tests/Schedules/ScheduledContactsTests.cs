using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Scheduling;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Schedules;

/// <summary>
/// The scheduler under a fake clock: a weekly check-in starts at its due time (Monday 10:00 in Oslo), once, never at
/// night or to a number that sent STOPP, and Kari's "ja" carries on into the check-in; appointment reminders go the
/// day before and two hours before, once each.
/// </summary>
public sealed class ScheduledContactsTests
{
    private static readonly PhoneNumber Kari = PhoneNumber.Parse(SmsApp.KariPhone);
    private static readonly string Opener = TextCatalog.Bokmal.Render("sms.opener.check_in", new Dictionary<string, string> { ["name"] = "Kari" });

    // Monday 23 November 2026 in Oslo (UTC+1).
    private static DateTimeOffset Monday(int hour, int minute = 0) => new DateTimeOffset(2026, 11, 23, hour, minute, 0, TimeSpan.FromHours(1)).ToUniversalTime();

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_check_in_starts_at_its_due_time_once_and_Karis_ja_continues_into_the_check_in(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = NewApp(db);
        var schedule = await AddMondayCheckInAsync(sms);
        Assert.Equal(Monday(10), await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => s.NextDueAt).SingleAsync()));

        sms.App.Clock.Now = Monday(9, 59);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        sms.App.Clock.Now = Monday(10);
        Assert.Equal(1, (await RunAsync(sms)).CheckInsStarted);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);

        var first = await sms.WaitForSmsAsync(1);
        Assert.Equal([Opener], first);
        var outbound = await sms.WithDbAsync(d => d.Outbox.Where(o => o.ConversationId == SmsApp.KariPhone).ToListAsync());
        Assert.All(outbound, o => Assert.True(o.Proactive));
        var stored = await sms.WithDbAsync(d => d.CheckInSchedules.SingleAsync());
        Assert.Equal(Monday(10).AddDays(7), stored.NextDueAt);
        Assert.Equal(ScheduleOutcome.Sent, stored.LastOutcome);
        Assert.Equal(1, await sms.WithDbAsync(d => d.Inbox.CountAsync(i => i.ActivityId == ScheduledContacts.CheckInActivityId(schedule, Monday(10)))));

        // Kari answers an hour later: the check-in goes on with her activities.
        sms.App.Clock.Now = Monday(11);
        await sms.SendSmsAsync(SmsApp.KariPhone, "ja");
        Assert.True(await sms.EventuallyAsync(async () => (await sms.Twilio.WaitForAsync(r => r.Form.GetValueOrDefault("To") == SmsApp.KariPhone, 2)).Count >= 2));
        var all = string.Join("\n", (await sms.WaitForSmsAsync(2)).Skip(1));
        Assert.Contains("Lage en CV", all, StringComparison.Ordinal);
        Assert.DoesNotContain(TextCatalog.Bokmal.Render("welcome.ask_time"), all, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Nothing_starts_at_night_and_a_check_in_missed_by_hours_is_skipped_not_sent_late(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = NewApp(db);
        await AddMondayCheckInAsync(sms);
        await sms.WithDbAsync(d => d.CheckInSchedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextDueAt, Monday(19, 30))));

        sms.App.Clock.Now = Monday(20, 30);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        sms.App.Clock.Now = Monday(23);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        Assert.Equal(Monday(19, 30), await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => s.NextDueAt).SingleAsync()));

        sms.App.Clock.Now = Monday(8).AddDays(1);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        var stored = await sms.WithDbAsync(d => d.CheckInSchedules.SingleAsync());
        Assert.Equal(ScheduleOutcome.Missed, stored.LastOutcome);
        Assert.Equal(Monday(10).AddDays(7), stored.NextDueAt); // the schedule says Monday 10:00
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_number_that_sent_stopp_gets_no_check_in_and_a_paused_schedule_sends_nothing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = NewApp(db);
        await AddMondayCheckInAsync(sms);
        await sms.WithDbAsync(async d =>
        {
            d.SmsOptOuts.Add(new SmsOptOut { Phone = Kari, OptedOutAt = Monday(9) });
            return await d.SaveChangesAsync();
        });

        sms.App.Clock.Now = Monday(10);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        Assert.Equal(ScheduleOutcome.OptedOut, await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => s.LastOutcome).SingleAsync()));
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));

        await sms.WithDbAsync(d => d.SmsOptOuts.ExecuteDeleteAsync());
        await sms.WithDbAsync(d => d.CheckInSchedules.ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false)));
        sms.App.Clock.Now = Monday(10).AddDays(7);
        Assert.Equal(0, (await RunAsync(sms)).CheckInsStarted);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Reminders_go_the_day_before_and_two_hours_before_once_each_and_never_to_stopp(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = NewApp(db);
        var meeting = Monday(10).AddDays(3); // Thursday 26 November, 10:00
        await sms.WithDbAsync(async d =>
        {
            await d.Appointments.ExecuteDeleteAsync();
            var person = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            d.Appointments.Add(new Appointment { Id = AppointmentId.New(), PersonId = person.Id, VeilederId = person.VeilederId, StartsAt = meeting, Place = "NAV Bærum" });
            d.ReminderSettings.Add(new ReminderSetting { PersonId = person.Id, Phone = Kari, UpdatedBy = person.VeilederId, UpdatedAt = Monday(9) });
            return await d.SaveChangesAsync();
        });

        sms.App.Clock.Now = meeting.AddDays(-1).AddMinutes(-1);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);
        sms.App.Clock.Now = meeting.AddDays(-1);
        Assert.Equal(1, (await RunAsync(sms)).RemindersQueued);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);
        sms.App.Clock.Now = meeting.AddDays(-1).AddHours(3);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);

        // 07:59 on the day: closed; 08:00 is inside both the sending hours and the two-hours-before window.
        sms.App.Clock.Now = meeting.AddHours(-2).AddMinutes(-1);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);
        sms.App.Clock.Now = meeting.AddHours(-2);
        Assert.Equal(1, (await RunAsync(sms)).RemindersQueued);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);

        var texts = await sms.WaitForSmsAsync(2);
        Assert.Equal(
        [
            TextCatalog.Bokmal.Render("sms.opener.reminder_day_before", new Dictionary<string, string> { ["name"] = "Kari", ["time"] = "10:00" }),
            TextCatalog.Bokmal.Render("sms.opener.reminder_soon", new Dictionary<string, string> { ["name"] = "Kari", ["time"] = "10:00" }),
        ], texts);
        Assert.All(await sms.WithDbAsync(d => d.Outbox.ToListAsync()), o => Assert.True(o.Proactive));

        // Another meeting, and Kari has sent STOPP: the reminder is recorded as not sent, and nothing goes.
        var next = meeting.AddDays(7);
        await sms.WithDbAsync(async d =>
        {
            var person = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            d.Appointments.Add(new Appointment { Id = AppointmentId.New(), PersonId = person.Id, VeilederId = person.VeilederId, StartsAt = next, Place = "NAV Bærum" });
            d.SmsOptOuts.Add(new SmsOptOut { Phone = Kari, OptedOutAt = meeting });
            return await d.SaveChangesAsync();
        });
        sms.App.Clock.Now = next.AddDays(-1);
        Assert.Equal(0, (await RunAsync(sms)).RemindersQueued);
        Assert.Equal(ScheduleOutcome.OptedOut, await sms.WithDbAsync(d => d.AppointmentReminders.Where(r => r.At == next.AddDays(-1)).Select(r => r.Outcome).SingleAsync()));
        Assert.Equal(2, await sms.WithDbAsync(d => d.Outbox.CountAsync()));
    }

    [Fact]
    public void The_next_occurrence_is_in_Oslo_time_across_daylight_saving_and_strictly_after_now()
    {
        // Sunday 29 March 2026 02:00 CET → CEST. Monday 30 March 10:00 is 08:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero),
            CheckInSchedule.NextOccurrence(DayOfWeek.Monday, new TimeOnly(10, 0), new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero)));
        Assert.Equal(Monday(10).AddDays(7), CheckInSchedule.NextOccurrence(DayOfWeek.Monday, new TimeOnly(10, 0), Monday(10)));
        var (from, until) = ReminderTimes.Window(ReminderKind.DayBefore, Monday(7, 30));
        Assert.Equal(Monday(8).AddDays(-1), from);
        Assert.Equal(Monday(20).AddDays(-1), until);
    }

    private static SmsApp NewApp(TestDatabase db) => new(db, new Dictionary<string, string?> { ["Schedules:Interval"] = "01:00:00" });

    private static Task<ScheduleRound> RunAsync(SmsApp sms) =>
        sms.App.Services.GetRequiredService<ScheduledContacts>().RunDueAsync(CancellationToken.None);

    private static Task<CheckInScheduleId> AddMondayCheckInAsync(SmsApp sms) => sms.WithDbAsync(async d =>
    {
        var person = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
        var schedule = new CheckInSchedule
        {
            Id = CheckInScheduleId.New(),
            PersonId = person.Id,
            Phone = Kari,
            Day = DayOfWeek.Monday,
            Time = new TimeOnly(10, 0),
            NextDueAt = CheckInSchedule.NextOccurrence(DayOfWeek.Monday, new TimeOnly(10, 0), sms.App.Clock.Now),
            UpdatedBy = person.VeilederId,
            UpdatedAt = sms.App.Clock.Now,
        };
        d.CheckInSchedules.Add(schedule);
        await d.SaveChangesAsync();
        return schedule.Id;
    });
}
