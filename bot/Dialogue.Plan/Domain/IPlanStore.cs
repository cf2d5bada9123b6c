namespace Dialogue.Plan.Domain;

/// <summary>
/// The activity-plan data a turn reads and changes. Entities it returns are tracked: changes to them, and entities
/// passed to <see cref="Add(PlanActivity)"/>, are saved together with the turn's state when the turn commits, or not
/// at all if the turn fails or has to run again.
/// </summary>
public interface IPlanStore
{
    Task<Person?> FindPersonAsync(PersonId id, CancellationToken cancellationToken);

    /// <summary>Every case this number is registered on (phones are shared: there may be more than one).</summary>
    Task<IReadOnlyList<Person>> FindByPhoneAsync(PhoneNumber number, CancellationToken cancellationToken);

    Task<PersonId?> FindLinkedPersonAsync(string channelId, string accountId, CancellationToken cancellationToken);

    Task<Veileder?> FindVeilederAsync(VeilederId id, CancellationToken cancellationToken);

    Task<PlanActivity?> FindActivityAsync(ActivityId id, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlanActivity>> ActivitiesAsync(PersonId person, CancellationToken cancellationToken);

    Task<Appointment?> FindAppointmentAsync(AppointmentId id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Appointment>> AppointmentsFromAsync(PersonId person, DateTimeOffset from, CancellationToken cancellationToken);

    void Add(PlanActivity activity);

    void Add(Enquiry enquiry);

    void Add(ConversationSummary summary);

    void Add(MoodEntry mood);

    void Add(LifeSituationAnswer answer);

    void Add(ContactRequest request);
}
