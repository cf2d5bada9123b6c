using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Demo;

/// <summary>A demo person and how to reach them in a test channel (<c>channelId</c> "test" or "webchat", <c>from.id</c> = <see cref="AccountId"/>).</summary>
public sealed record DemoPerson(Person Person, string AccountId);

/// <summary>
/// Realistic demo data for Development: two offices, three veiledere, six people with plans, appointments and
/// phone numbers. Dates are relative to the day it is seeded (Europe/Oslo). Everything here is invented; the phone
/// numbers are in a range that is not handed out to subscribers as far as we know, but never send real SMS to them.
/// Listed in the README.
/// </summary>
public sealed class DemoData
{
    public static readonly OfficeId Baerum = new("0219");
    public static readonly OfficeId Grunerlokka = new("0315");

    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private DemoData(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Oslo).DateTime);
        Offices =
        [
            new Office { Id = Baerum, Name = "NAV Bærum", DutyPhone = PhoneNumber.Parse("+4799990190") },
            new Office { Id = Grunerlokka, Name = "NAV Grünerløkka", DutyPhone = PhoneNumber.Parse("+4799990390") },
        ];
        Veiledere =
        [
            new Veileder { Id = new("Z990001"), FirstName = "Marte", LastName = "Lien", OfficeId = Baerum, WorkPhone = PhoneNumber.Parse("+4799990101") },
            new Veileder { Id = new("Z990002"), FirstName = "Jonas", LastName = "Berg", OfficeId = Baerum, WorkPhone = PhoneNumber.Parse("+4799990102") },
            new Veileder { Id = new("Z990003"), FirstName = "Amina", LastName = "Hassan", OfficeId = Grunerlokka, WorkPhone = PhoneNumber.Parse("+4799990103") },
            new Veileder
            {
                Id = new("Z990010"), FirstName = "Hilde", LastName = "Vik", OfficeId = Baerum, WorkPhone = PhoneNumber.Parse("+4799990110"),
                Role = StaffRole.TeamLead,
            },
            new Veileder
            {
                Id = new("Z990011"), FirstName = "Per", LastName = "Lund", OfficeId = Grunerlokka, WorkPhone = PhoneNumber.Parse("+4799990111"),
                Role = StaffRole.TeamLead,
            },
        ];

        var kari = NewPerson("Kari", "Nordmann", Baerum, "Z990001", "+4799990001", "demo-kari", "Få fast jobb i butikk");
        var ola = NewPerson("Ola", "Hansen", Baerum, "Z990001", "+4799990002", "demo-ola", null);
        var siri = NewPerson("Siri", "Dahl", Baerum, "Z990002", "+4799990003", "demo-siri", "Gjeldfri og samvær med sønnen min");
        var ahmed = NewPerson("Ahmed", "Ali", Grunerlokka, "Z990003", "+4799990004", "demo-ahmed", "Lære bedre norsk og få jobb");
        var lise = NewPerson("Lise", "Strand", Grunerlokka, "Z990003", "+4799990005", "demo-lise", "Ha en fast rytme i hverdagen");
        var tor = NewPerson("Tor", "Moen", Grunerlokka, "Z990003", "+4799990006", "demo-tor", null);
        ola.Person.RequestedQuestions = RequestedQuestions.Mood;
        tor.Person.RequestedQuestions = RequestedQuestions.Mood | RequestedQuestions.LifeSituation;
        People = [kari, ola, siri, ahmed, lise, tor];

        Activities =
        [
            Activity(kari, "Søke på to jobber", ActivityType.Jobbsoking, ActivityStatus.Gjennomfores, today.AddDays(-7), today.AddDays(3)),
            Activity(kari, "Lage en CV", ActivityType.Jobbsoking, ActivityStatus.Planlagt, today.AddDays(-2), today.AddDays(1)),
            Activity(kari, "Kurs i kundeservice", ActivityType.Tiltak, ActivityStatus.Fullfort, today.AddDays(-60), today.AddDays(-30)),
            Activity(ola, "Møte på LAR-klinikken", ActivityType.Behandling, ActivityStatus.Planlagt, today, today.AddDays(2)),
            Activity(ola, "Stå opp før klokka ti tre dager", ActivityType.JobbrettetEgenaktivitet, ActivityStatus.Gjennomfores, today.AddDays(-3), today.AddDays(4)),
            Activity(siri, "Time hos gjeldsrådgiver", ActivityType.JobbrettetEgenaktivitet, ActivityStatus.Planlagt, today.AddDays(1), today.AddDays(1)),
            Activity(siri, "Arbeidstrening i kantine", ActivityType.Tiltak, ActivityStatus.Gjennomfores, today.AddDays(-20), today.AddDays(40)),
            Activity(ahmed, "Norskkurs to dager i uka", ActivityType.Utdanning, ActivityStatus.Gjennomfores, today.AddDays(-30), today.AddDays(60)),
            Activity(ahmed, "Lage CV", ActivityType.Jobbsoking, ActivityStatus.Planlagt, today, today.AddDays(7)),
            Activity(lise, "Gå tur hver morgen", ActivityType.JobbrettetEgenaktivitet, ActivityStatus.Gjennomfores, today.AddDays(-10), today.AddDays(20)),
            Activity(lise, "Ringe fastlegen", ActivityType.JobbrettetEgenaktivitet, ActivityStatus.Planlagt, today.AddDays(-1), today.AddDays(2)),
            Activity(tor, "Skaffe ny bankbrikke", ActivityType.JobbrettetEgenaktivitet, ActivityStatus.Forslag, today, today.AddDays(14)),
        ];

        Appointments =
        [
            Meeting(kari, "Z990001", today.AddDays(2), new TimeOnly(10, 0), "NAV Bærum, Kinoveien 1", Attendance.Coming),
            Meeting(ola, "Z990001", today.AddDays(1), new TimeOnly(13, 30), "NAV Bærum, Kinoveien 1"),
            Meeting(siri, "Z990002", today.AddDays(5), new TimeOnly(9, 0), "Telefon"),
            Meeting(ahmed, "Z990003", today.AddDays(3), new TimeOnly(11, 0), "NAV Grünerløkka, Thorvald Meyers gate 7"),
            Meeting(tor, "Z990003", today.AddDays(6), new TimeOnly(14, 0), "NAV Grünerløkka, Thorvald Meyers gate 7"),
        ];
    }

    public IReadOnlyList<Office> Offices { get; }

    public IReadOnlyList<Veileder> Veiledere { get; }

    public IReadOnlyList<DemoPerson> People { get; }

    public IReadOnlyList<PlanActivity> Activities { get; }

    public IReadOnlyList<Appointment> Appointments { get; }

    public static DemoData For(DateTimeOffset now) => new(now);

    private static DemoPerson NewPerson(
        string first, string last, OfficeId office, string veileder, string phone, string account, string? goal)
    {
        // Fixed ids, so a demo (and the README) can name a person, e.g. for link-code: Kari is de300000-0000-4000-8000-004799990001.
        var id = new PersonId(Guid.Parse($"de300000-0000-4000-8000-{phone[1..].PadLeft(12, '0')}"));
        var person = new Person
        {
            Id = id,
            FirstName = first,
            LastName = last,
            OfficeId = office,
            VeilederId = new VeilederId(veileder),
            Goal = goal,
            Phones = [new PersonPhone { PersonId = id, Number = PhoneNumber.Parse(phone) }],
        };
        return new DemoPerson(person, account);
    }

    private static PlanActivity Activity(
        DemoPerson who, string title, ActivityType type, ActivityStatus status, DateOnly from, DateOnly to) => new()
        {
            Id = ActivityId.New(),
            PersonId = who.Person.Id,
            Title = title,
            Type = type,
            Status = status,
            FromDate = from,
            ToDate = to,
            Agreed = status != ActivityStatus.Forslag,
            LastChangedBy = ChangedBy.Veileder,
        };

    private static Appointment Meeting(
        DemoPerson who, string veileder, DateOnly day, TimeOnly time, string place, Attendance attendance = Attendance.Unanswered)
    {
        var local = day.ToDateTime(time);
        return new Appointment
        {
            Id = AppointmentId.New(),
            PersonId = who.Person.Id,
            VeilederId = new VeilederId(veileder),
            StartsAt = new DateTimeOffset(local, Oslo.GetUtcOffset(local)).ToUniversalTime(),
            Place = place,
            Attendance = attendance,
        };
    }
}
