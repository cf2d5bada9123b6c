namespace Dialogue.Plan.Domain;

/// <summary>Aktivitet status, as in NAV's activity plan.</summary>
public enum ActivityStatus
{
    /// <summary>Forslag: suggested, not yet agreed.</summary>
    Forslag,

    /// <summary>Planlagt: planned.</summary>
    Planlagt,

    /// <summary>Gjennomføres: in progress.</summary>
    Gjennomfores,

    /// <summary>Fullført: done.</summary>
    Fullfort,

    /// <summary>Avbrutt: dropped.</summary>
    Avbrutt,
}

/// <summary>Aktivitet type (the ones this bot meets).</summary>
public enum ActivityType
{
    JobbrettetEgenaktivitet,
    Jobbsoking,
    Stilling,
    MoteMedNav,
    Behandling,
    Tiltak,
    Utdanning,
    JobbJegHarNa,
}

/// <summary>Who last changed something in the plan.</summary>
public enum ChangedBy
{
    Bruker,
    Veileder,

    /// <summary>The bot, on the person's behalf and in their words.</summary>
    Bot,
}

public sealed class Office
{
    public required OfficeId Id { get; init; }

    public required string Name { get; set; }

    /// <summary>
    /// The office's duty phone (vakttelefon): the backup for escalations the named veileder has not acknowledged in
    /// time, and for people the bot does not know. Never sent personal details.
    /// </summary>
    public PhoneNumber? DutyPhone { get; set; }
}

/// <summary>What a member of staff may see and do.</summary>
public enum StaffRole
{
    /// <summary>Follows up people: the own office's cases.</summary>
    Veileder,

    /// <summary>Team lead (office lead): reads all of the own office, gets SLA breaches, sees reports.</summary>
    TeamLead,
}

public sealed class Veileder
{
    public required VeilederId Id { get; init; }

    public required string FirstName { get; set; }

    public required string LastName { get; set; }

    public required OfficeId OfficeId { get; set; }

    /// <summary>Work phone for urgent notices (never with personal details).</summary>
    public PhoneNumber? WorkPhone { get; set; }

    public StaffRole Role { get; set; } = StaffRole.Veileder;
}

/// <summary>The person followed up (bruker), with their case: office, named veileder, phone numbers, goal.</summary>
public sealed class Person
{
    public required PersonId Id { get; init; }

    public required string FirstName { get; set; }

    public required string LastName { get; set; }

    public required OfficeId OfficeId { get; set; }

    public required VeilederId VeilederId { get; set; }

    /// <summary>"nb" (bokmål) unless the person chose otherwise.</summary>
    public string PreferredLanguage { get; set; } = "nb";

    /// <summary>The goal (mål) in the person's own words; null until they have one.</summary>
    public string? Goal { get; set; }

    public DateTimeOffset? GoalUpdatedAt { get; set; }

    public List<PersonPhone> Phones { get; init; } = [];

    /// <summary>Questions the veileder has asked the bot to put to the person at the next conversation.</summary>
    public RequestedQuestions RequestedQuestions { get; set; }
}

/// <summary>Question sets a veileder can ask the bot to put to a person.</summary>
[Flags]
public enum RequestedQuestions
{
    None = 0,

    /// <summary>Dagsform: how are you today, 1–5.</summary>
    Mood = 1,

    /// <summary>Housing, money, health, substance use, network, daily routine; each one skippable.</summary>
    LifeSituation = 2,
}

public sealed class PersonPhone
{
    public required PersonId PersonId { get; init; }

    public required PhoneNumber Number { get; init; }
}

/// <summary>One item in the activity plan.</summary>
public sealed class PlanActivity
{
    public required ActivityId Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required string Title { get; set; }

    public string? Description { get; set; }

    public ActivityType Type { get; set; } = ActivityType.JobbrettetEgenaktivitet;

    public ActivityStatus Status { get; set; } = ActivityStatus.Planlagt;

    public DateOnly? FromDate { get; set; }

    public DateOnly? ToDate { get; set; }

    /// <summary>Avtalt: agreed with the veileder.</summary>
    public bool Agreed { get; set; }

    /// <summary>Who can help, in the person's words (optional).</summary>
    public string? Helper { get; set; }

    public ChangedBy LastChangedBy { get; set; } = ChangedBy.Veileder;

    /// <summary>Created or changed by the person through the bot: the veileder should look at it.</summary>
    public bool NeedsVeilederReview { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Current: planned or in progress, and not ended before <paramref name="today"/>.</summary>
    public bool IsCurrent(DateOnly today) =>
        Status is ActivityStatus.Planlagt or ActivityStatus.Gjennomfores && (FromDate is null || FromDate <= today.AddDays(7));
}

public enum Attendance
{
    Unanswered,
    Coming,
    NotComing,
    NeedsNewTime,
}

/// <summary>A meeting (møte) with the veileder.</summary>
public sealed class Appointment
{
    public required AppointmentId Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required VeilederId VeilederId { get; init; }

    public required DateTimeOffset StartsAt { get; set; }

    public required string Place { get; set; }

    public Attendance Attendance { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}
