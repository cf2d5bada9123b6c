using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Tests;

/// <summary>The demo data the README promises, and that it is consistent (nobody followed up by another office's veileder).</summary>
public sealed class DemoDataTests
{
    private static readonly DemoData Demo = DemoData.For(new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero));

    [Fact]
    public void Two_offices_three_veiledere_six_people()
    {
        Assert.Equal(2, Demo.Offices.Count);
        Assert.Equal(3, Demo.Veiledere.Count(v => v.Role == StaffRole.Veileder));
        Assert.Equal(6, Demo.People.Count);
    }

    [Fact]
    public void Every_office_has_a_team_lead_and_a_duty_phone_for_escalations_nobody_acknowledged()
    {
        foreach (var office in Demo.Offices)
        {
            Assert.NotNull(office.DutyPhone);
            var lead = Assert.Single(Demo.Veiledere, v => v.OfficeId == office.Id && v.Role == StaffRole.TeamLead);
            Assert.NotNull(lead.WorkPhone);
        }
    }

    [Fact]
    public void Every_person_has_a_phone_a_plan_and_a_veileder_in_their_own_office()
    {
        foreach (var (person, account) in Demo.People)
        {
            Assert.StartsWith("demo-", account, StringComparison.Ordinal);
            Assert.NotEmpty(person.Phones);
            Assert.Contains(Demo.Activities, a => a.PersonId == person.Id);
            var veileder = Assert.Single(Demo.Veiledere, v => v.Id == person.VeilederId);
            Assert.Equal(person.OfficeId, veileder.OfficeId);
        }
    }

    [Fact]
    public void Phone_numbers_and_accounts_are_unique()
    {
        var numbers = Demo.People.SelectMany(p => p.Person.Phones).Select(p => p.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(Demo.People.Count, Demo.People.Select(p => p.AccountId).Distinct().Count());
    }

    [Fact]
    public void Kari_has_two_current_activities_to_check_in_on()
    {
        var kari = Demo.People.Single(p => p.AccountId == "demo-kari").Person;
        var today = new DateOnly(2026, 11, 18);

        var current = Demo.Activities.Where(a => a.PersonId == kari.Id && a.IsCurrent(today)).Select(a => a.Title);

        Assert.Equal(["Søke på to jobber", "Lage en CV"], current);
    }

    [Fact]
    public void Appointments_are_in_the_future_at_Oslo_office_hours()
    {
        var oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
        Assert.All(Demo.Appointments, a =>
        {
            var local = TimeZoneInfo.ConvertTime(a.StartsAt, oslo);
            Assert.InRange(local.Hour, 8, 15);
            Assert.True(a.StartsAt > new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero));
        });
    }

    [Fact]
    public void People_have_fixed_ids_so_a_demo_can_name_them()
    {
        var kari = Demo.People.Single(p => p.AccountId == "demo-kari").Person;

        Assert.Equal(new PersonId(Guid.Parse("de300000-0000-4000-8000-004799990001")), kari.Id);
        Assert.Equal(Demo.People.Select(p => p.Person.Id), DemoData.For(DateTimeOffset.UnixEpoch).People.Select(p => p.Person.Id));
    }
}
