using System.Net;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// The person list and person page at /veileder/personer, as a browser uses them: read Kari's plan, link and unlink
/// numbers (a number on another case is marked), issue a one-time web chat code, set up, change, pause and resume a
/// weekly check-in and appointment reminders, and see what was wrong with a form. Only the person's own office sees
/// any of it.
/// </summary>
public sealed partial class PersonPageTests
{
    private const string HildeTeamLead = "Z990010";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Marte_finds_Kari_in_the_list_and_reads_her_goal_plan_meetings_and_numbers(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);

        var list = await GetAsync(marte, "/veileder/personer");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Kari Nordmann", list.Body, StringComparison.Ordinal);
        Assert.Contains("Ola Hansen", list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ahmed", list.Body, StringComparison.Ordinal); // another office

        var byPhone = await GetAsync(marte, "/veileder/personer?q=99+99+00+02");
        Assert.Contains("Ola Hansen", byPhone.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari Nordmann", byPhone.Body, StringComparison.Ordinal);
        var byName = await GetAsync(marte, "/veileder/personer?q=nordm");
        Assert.Contains("Kari Nordmann", byName.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ola Hansen", byName.Body, StringComparison.Ordinal);
        Assert.Contains("value=\"nordm\"", byName.Body, StringComparison.Ordinal);

        var page = await GetAsync(marte, await KariPathAsync(sms));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<html lang=\"nb\">", page.Body, StringComparison.Ordinal);
        Assert.Contains("<h1>Kari Nordmann</h1>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Få fast jobb i butikk", page.Body, StringComparison.Ordinal);
        Assert.Contains("<td>Lage en CV", page.Body, StringComparison.Ordinal);
        Assert.Contains("Søke på to jobber", page.Body, StringComparison.Ordinal);
        Assert.Contains("<td>Planlagt</td>", page.Body, StringComparison.Ordinal);
        Assert.Contains(">Møter</h2>", page.Body, StringComparison.Ordinal);
        Assert.Contains("<td>Kommer", page.Body, StringComparison.Ordinal); // her meeting is confirmed
        Assert.Contains("<span id=\"phone-4799990001\">+4799990001</span>", page.Body, StringComparison.Ordinal);
        Assert.Contains("Ingen innsjekk er satt opp.", page.Body, StringComparison.Ordinal);
        Assert.Contains("<strong>Av</strong>", page.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.All(LabelFor().Matches(page.Body).Select(m => m.Groups[1].Value),
            id => Assert.Contains($"id=\"{id}\"", page.Body, StringComparison.Ordinal));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Linking_a_number_validates_it_marks_a_number_on_another_case_and_unlinking_removes_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var path = await KariPathAsync(sms);
        var token = Token((await GetAsync(marte, path)).Body);

        var linked = await PostAsync(marte, path + "/telefoner", token, ("phone", "912 34 567"));
        Assert.Equal(HttpStatusCode.SeeOther, linked.Status);
        Assert.Equal(path + "?r=linked", linked.Location);
        Assert.Contains("Nummeret er knyttet til saken.", (await GetAsync(marte, linked.Location!)).Body, StringComparison.Ordinal);
        Assert.True(await sms.WithDbAsync(d => d.PersonPhones.AnyAsync(p => p.Number == PhoneNumber.Parse("+4791234567"))));

        // Ola's number, on Kari's case too: allowed (phones are shared), and said clearly.
        var shared = await PostAsync(marte, path + "/telefoner", token, ("phone", "+47 99 99 00 02"));
        Assert.Equal(path + "?r=linked-shared", shared.Location);
        var page = (await GetAsync(marte, shared.Location!)).Body;
        Assert.Contains("Det er også knyttet til en annen sak.", page, StringComparison.Ordinal);
        Assert.Matches("phone-4799990002\">\\+4799990002</span> <strong class=\"shared\">Nummeret er også knyttet til en annen sak", page);

        var invalid = await PostAsync(marte, path + "/telefoner", token, ("phone", "12ab"));
        Assert.StartsWith(path + "?r=phone-invalid&f=phone", invalid.Location, StringComparison.Ordinal);
        var summary = (await GetAsync(marte, invalid.Location!)).Body;
        Assert.Contains("Det er feil i skjemaet", summary, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#phone\">Skriv et gyldig telefonnummer", summary, StringComparison.Ordinal);
        Assert.StartsWith(path + "?r=phone-exists", (await PostAsync(marte, path + "/telefoner", token, ("phone", "91234567"))).Location, StringComparison.Ordinal);

        var unlinked = await PostAsync(marte, path + "/telefoner/fjern", token, ("phone", "+4791234567"));
        Assert.Equal(path + "?r=unlinked", unlinked.Location);
        Assert.False(await sms.WithDbAsync(d => d.PersonPhones.AnyAsync(p => p.Number == PhoneNumber.Parse("+4791234567"))));
        Assert.True(await sms.WithDbAsync(d => d.PersonPhones.AnyAsync(p => p.Number == PhoneNumber.Parse("+4799990002") && p.PersonId != d.Persons.Single(x => x.FirstName == "Kari").Id)));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_web_chat_code_is_shown_once_with_its_expiry_and_only_its_hash_is_stored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var path = await KariPathAsync(sms);
        var token = Token((await GetAsync(marte, path)).Body);

        var issued = await PostAsync(marte, path + "/kode", token);

        Assert.Equal(HttpStatusCode.OK, issued.Status);
        Assert.Equal("no-store", issued.Headers.CacheControl?.ToString());
        var code = CodeShown().Match(issued.Body);
        Assert.True(code.Success, issued.Body);
        Assert.Contains("Gyldig til 19.11. kl. 13:15.", issued.Body, StringComparison.Ordinal); // 24 hours from Wednesday 13:15
        var stored = await sms.WithDbAsync(d => d.LinkCodes.SingleAsync());
        Assert.True(stored.Matches(code.Groups[1].Value));
        Assert.DoesNotContain(code.Groups[1].Value, stored.Hash, StringComparison.Ordinal);
        Assert.DoesNotContain("Koden er", (await GetAsync(marte, path)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_check_in_is_set_up_changed_paused_and_resumed_and_reminders_turned_on_and_paused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var path = await KariPathAsync(sms);
        var token = Token((await GetAsync(marte, path)).Body);

        var early = await PostAsync(marte, path + "/innsjekk", token, ("day", "Monday"), ("time", "07:00"), ("phone", SmsApp.KariPhone));
        Assert.StartsWith(path + "?r=time&f=time", early.Location, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#time\">Skriv et klokkeslett mellom 08:00 og 19:30", (await GetAsync(marte, early.Location!)).Body, StringComparison.Ordinal);
        Assert.StartsWith(path + "?r=day&f=day", (await PostAsync(marte, path + "/innsjekk", token, ("day", "7"), ("time", "10:00"), ("phone", SmsApp.KariPhone))).Location, StringComparison.Ordinal);
        Assert.StartsWith(path + "?r=phone-not-linked&f=checkin-phone",
            (await PostAsync(marte, path + "/innsjekk", token, ("day", "Monday"), ("time", "10:00"), ("phone", "+4799990002"))).Location, StringComparison.Ordinal);
        Assert.Equal(0, await sms.WithDbAsync(d => d.CheckInSchedules.CountAsync()));

        var created = await PostAsync(marte, path + "/innsjekk", token, ("day", "Monday"), ("time", "10:00"), ("phone", SmsApp.KariPhone));
        Assert.Equal(path + "?r=checkin-saved", created.Location);
        var schedule = await sms.WithDbAsync(d => d.CheckInSchedules.SingleAsync());
        Assert.Equal((DayOfWeek.Monday, new TimeOnly(10, 0), true, "Z990001"), (schedule.Day, schedule.Time, schedule.Active, schedule.UpdatedBy.Value));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), schedule.NextDueAt);
        var page = (await GetAsync(marte, path)).Body;
        Assert.Contains("Hver mandag kl. 10:00 til +4799990001", page, StringComparison.Ordinal);
        Assert.Contains("Neste: 23.11. kl. 10:00", page, StringComparison.Ordinal);

        var sid = schedule.Id.Value.ToString("D");
        var wrong = await PostAsync(marte, $"{path}/innsjekk/{sid}", token, ("day", "Tuesday"), ("time", "21:00"), ("phone", SmsApp.KariPhone));
        Assert.StartsWith($"{path}?r=time&f=time-{sid}", wrong.Location, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"#time-{sid}\">", (await GetAsync(marte, wrong.Location!)).Body, StringComparison.Ordinal);
        var changed = await PostAsync(marte, $"{path}/innsjekk/{sid}", token, ("day", "Tuesday"), ("time", "11:30"), ("phone", SmsApp.KariPhone));
        Assert.Equal(path + "?r=checkin-saved", changed.Location);
        schedule = await sms.WithDbAsync(d => d.CheckInSchedules.SingleAsync());
        Assert.Equal((DayOfWeek.Tuesday, new TimeOnly(11, 30)), (schedule.Day, schedule.Time));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero), schedule.NextDueAt);

        Assert.Equal(path + "?r=checkin-paused", (await PostAsync(marte, $"{path}/innsjekk/{sid}/pause", token)).Location);
        Assert.False(await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => s.Active).SingleAsync()));
        Assert.Contains("<strong>På pause</strong>", (await GetAsync(marte, path)).Body, StringComparison.Ordinal);
        Assert.Equal(path + "?r=checkin-resumed", (await PostAsync(marte, $"{path}/innsjekk/{sid}/fortsett", token)).Location);
        Assert.True(await sms.WithDbAsync(d => d.CheckInSchedules.Select(s => s.Active).SingleAsync()));

        Assert.StartsWith(path + "?r=phone-not-linked&f=reminder-phone",
            (await PostAsync(marte, path + "/paminnelser", token, ("active", "on"), ("phone", "+4791234567"))).Location, StringComparison.Ordinal);
        Assert.Equal(path + "?r=reminders-saved", (await PostAsync(marte, path + "/paminnelser", token, ("active", "on"), ("phone", SmsApp.KariPhone))).Location);
        Assert.Contains("<strong>På, til +4799990001</strong>", (await GetAsync(marte, path)).Body, StringComparison.Ordinal);
        Assert.Equal(path + "?r=reminders-saved", (await PostAsync(marte, path + "/paminnelser", token, ("active", "off"))).Location);
        var reminders = await sms.WithDbAsync(d => d.ReminderSettings.SingleAsync());
        Assert.False(reminders.Active);
        Assert.Contains("<strong>På pause (+4799990001)</strong>", (await GetAsync(marte, path)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Only_the_persons_office_sees_the_page_or_changes_anything(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var path = await KariPathAsync(sms);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        using var hilde = await SignInAsync(sms.App, HildeTeamLead);
        var token = Token((await GetAsync(amina, "/veileder/personer")).Body);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(hilde, path)).Status); // the team lead of Kari's office

        var refused = await GetAsync(amina, path);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.DoesNotContain("Kari", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari Nordmann", (await GetAsync(amina, "/veileder/personer?q=Kari")).Body, StringComparison.Ordinal);
        foreach (var (action, fields) in new (string, (string, string)[])[]
        {
            ("/telefoner", [("phone", "91234567")]),
            ("/telefoner/fjern", [("phone", SmsApp.KariPhone)]),
            ("/kode", []),
            ("/innsjekk", [("day", "Monday"), ("time", "10:00"), ("phone", SmsApp.KariPhone)]),
            ("/paminnelser", [("active", "on"), ("phone", SmsApp.KariPhone)]),
        })
        {
            var response = await PostAsync(amina, path + action, token, fields);
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.DoesNotContain("Kari", response.Body, StringComparison.Ordinal);
        }

        Assert.Equal(1, await sms.WithDbAsync(d => d.PersonPhones.CountAsync(p => p.PersonId == d.Persons.Single(x => x.FirstName == "Kari").Id)));
        Assert.Equal(0, await sms.WithDbAsync(d => d.LinkCodes.CountAsync()));
        Assert.Equal(0, await sms.WithDbAsync(d => d.CheckInSchedules.CountAsync()));

        // Not signed in: to the login page. A form without its token: refused.
        var anonymous = await GetAsync(sms.App.Browser(), path);
        Assert.True(anonymous.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, anonymous.Status.ToString());
        Assert.Contains("/veileder/login", anonymous.Location, StringComparison.Ordinal);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(marte, path + "/telefoner", null, ("phone", "91234567"))).Status);
    }

    private static Task<string> KariPathAsync(SmsApp sms) =>
        sms.WithDbAsync(async d => "/veileder/personer/" + (await d.Persons.SingleAsync(p => p.FirstName == "Kari")).Id.Value.ToString("D"));

    [GeneratedRegex("Koden er ([0-9]{6})\\. Den vises bare nå\\.")]
    private static partial Regex CodeShown();

    [GeneratedRegex("<label for=\"([^\"]+)\">")]
    private static partial Regex LabelFor();
}
