using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary><see cref="IPlanStore"/> over the turn's own <see cref="DialogueDbContext"/>: nothing is saved here; the turn's commit saves it.</summary>
internal sealed class EfPlanStore(DialogueDbContext db) : IPlanStore
{
    public Task<Person?> FindPersonAsync(PersonId id, CancellationToken cancellationToken) =>
        db.Persons.Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Person>> FindByPhoneAsync(PhoneNumber number, CancellationToken cancellationToken) =>
        await db.Persons.Include(p => p.Phones).Where(p => p.Phones.Any(x => x.Number == number))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<PersonId?> FindLinkedPersonAsync(string channelId, string accountId, CancellationToken cancellationToken) =>
        TurnQueries.LinkedPersonAsync(db, channelId, accountId, cancellationToken);

    public Task<Veileder?> FindVeilederAsync(VeilederId id, CancellationToken cancellationToken) =>
        db.Veiledere.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);

    public Task<PlanActivity?> FindActivityAsync(ActivityId id, CancellationToken cancellationToken) =>
        db.Activities.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<IReadOnlyList<PlanActivity>> ActivitiesAsync(PersonId person, CancellationToken cancellationToken)
    {
        var activities = await db.Activities.Where(a => a.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. activities.OrderBy(a => a.ToDate ?? DateOnly.MaxValue).ThenBy(a => a.Title, StringComparer.Ordinal)];
    }

    public Task<Appointment?> FindAppointmentAsync(AppointmentId id, CancellationToken cancellationToken) =>
        db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);

    public async Task<IReadOnlyList<Appointment>> AppointmentsFromAsync(PersonId person, DateTimeOffset from, CancellationToken cancellationToken)
    {
        // Compared in memory: SQLite cannot order or compare stored DateTimeOffset values in SQL.
        var appointments = await db.Appointments.Where(a => a.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. appointments.Where(a => a.StartsAt >= from).OrderBy(a => a.StartsAt)];
    }

    public void Add(PlanActivity activity) => db.Activities.Add(activity);

    public void Add(Enquiry enquiry) => db.Enquiries.Add(enquiry);

    public void Add(ConversationSummary summary) => db.Summaries.Add(summary);

    public void Add(MoodEntry mood) => db.Moods.Add(mood);

    public void Add(LifeSituationAnswer answer) => db.LifeSituation.Add(answer);

    public void Add(ContactRequest request) => db.ContactRequests.Add(request);
}
