using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Retention;

/// <summary>
/// Everything stored about one person, as one JSON document (an answer to a request for access, GDPR art. 15):
/// the person and their phones and linked chat accounts, plan activities, goal, appointments, summaries, moods, life
/// situation answers, escalations with their history, handoffs, contact requests, enquiries, check-in schedules,
/// appointment reminder settings and the reminders sent, and the journal (the
/// case record, with the transcripts retention has not yet removed) in time order. Another person's data never
/// appears. <see cref="Version"/> names the document's shape; it goes up when a field changes meaning or goes away.
/// Fields without a value are left out.
/// </summary>
public sealed class PersonExport(IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock)
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = JournalRecorder.Json;

    /// <summary>The document, or null when there is no such person.</summary>
    public async Task<JsonObject?> ExportAsync(PersonId person, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var who = await db.Persons.AsNoTracking().Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == person, cancellationToken).ConfigureAwait(false);
        if (who is null)
        {
            return null;
        }

        var links = await db.ChannelLinks.AsNoTracking().Where(l => l.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var activities = await db.Activities.AsNoTracking().Where(a => a.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var summaries = await db.Summaries.AsNoTracking().Where(s => s.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var moods = await db.Moods.AsNoTracking().Where(m => m.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var life = await db.LifeSituation.AsNoTracking().Where(l => l.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var escalationIds = escalations.Select(e => e.Id).ToList();
        var history = await db.EscalationEvents.AsNoTracking().Where(e => escalationIds.Contains(e.EscalationId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var contactRequests = await db.ContactRequests.AsNoTracking().Where(r => r.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var enquiries = await db.Enquiries.AsNoTracking().Where(e => e.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var checkIns = await db.CheckInSchedules.AsNoTracking().Where(c => c.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var reminderSettings = await db.ReminderSettings.AsNoTracking().Where(r => r.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var reminders = await db.AppointmentReminders.AsNoTracking().Where(r => r.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);
        var journal = await db.Journal.AsNoTracking().Where(e => e.PersonId == person).ToListAsync(cancellationToken).ConfigureAwait(false);

        var document = new
        {
            version = Version,
            exportedAt = clock.GetUtcNow(),
            person = new
            {
                id = who.Id.Value,
                firstName = who.FirstName,
                lastName = who.LastName,
                officeId = who.OfficeId.Value,
                veilederId = who.VeilederId.Value,
                preferredLanguage = who.PreferredLanguage,
                goal = who.Goal,
                goalUpdatedAt = who.GoalUpdatedAt,
                requestedQuestions = who.RequestedQuestions.ToString(),
            },
            phones = who.Phones.Select(p => p.Number.E164).Order(StringComparer.Ordinal),
            channelLinks = links.OrderBy(l => l.LinkedAt).Select(l => new { channelId = l.ChannelId, accountId = l.AccountId, linkedAt = l.LinkedAt }),
            activities = activities.OrderBy(a => a.FromDate).ThenBy(a => a.Title, StringComparer.Ordinal).Select(a => new
            {
                id = a.Id.Value,
                title = a.Title,
                description = a.Description,
                type = a.Type,
                status = a.Status,
                fromDate = a.FromDate,
                toDate = a.ToDate,
                agreed = a.Agreed,
                helper = a.Helper,
                lastChangedBy = a.LastChangedBy,
                updatedAt = a.UpdatedAt,
            }),
            appointments = appointments.OrderBy(a => a.StartsAt).Select(a => new
            {
                id = a.Id.Value,
                veilederId = a.VeilederId.Value,
                startsAt = a.StartsAt,
                place = a.Place,
                attendance = a.Attendance,
                answeredAt = a.AnsweredAt,
            }),
            summaries = summaries.OrderBy(s => s.CreatedAt).Select(s => new
            {
                id = s.Id,
                createdAt = s.CreatedAt,
                channelId = s.ChannelId,
                conversationId = s.ConversationId,
                text = s.Text,
                confirmed = s.Confirmed,
                correction = s.Correction,
            }),
            moods = moods.OrderBy(m => m.At).Select(m => new { at = m.At, score = m.Score, word = m.Word }),
            lifeSituation = life.OrderBy(l => l.At).Select(l => new { at = l.At, topic = l.Topic, answer = l.Answer, skipped = l.Skipped }),
            escalations = escalations.OrderBy(e => e.CreatedAt).Select(e => new
            {
                id = e.Id.Value,
                kind = e.Kind,
                level = e.Level,
                status = e.Status,
                createdAt = e.CreatedAt,
                channelId = e.ChannelId,
                conversationId = e.ConversationId,
                senderAddress = e.SenderAddress,
                messageText = e.MessageText,
                signals = Parse(e.SignalsJson),
                officeId = e.OfficeId?.Value,
                veilederId = e.VeilederId?.Value,
                outsideOfficeHours = e.OutsideOfficeHours,
                acknowledgeBy = e.AcknowledgeBy,
                routedToBackupAt = e.RoutedToBackupAt,
                acknowledgedAt = e.AcknowledgedAt,
                acknowledgedBy = e.AcknowledgedBy?.Value,
                resolvedAt = e.ResolvedAt,
                resolutionNote = e.ResolutionNote,
                history = history.Where(h => h.EscalationId == e.Id).OrderBy(h => h.At).ThenBy(h => h.Id)
                    .Select(h => new { at = h.At, type = h.Type, actor = h.Actor, note = h.Note }),
            }),
            handoffs = handoffs.OrderBy(h => h.StartedAt).Select(h => new
            {
                id = h.Id,
                channelId = h.ChannelId,
                conversationId = h.ConversationId,
                veilederId = h.VeilederId.Value,
                veilederFirstName = h.VeilederFirstName,
                escalationId = h.EscalationId?.Value,
                startedAt = h.StartedAt,
                endedAt = h.EndedAt,
            }),
            contactRequests = contactRequests.OrderBy(r => r.CreatedAt).Select(r => new
            {
                id = r.Id,
                createdAt = r.CreatedAt,
                status = r.Status,
                veilederId = r.VeilederId.Value,
                phone = r.Phone?.E164,
                preferredTimeText = r.PreferredTimeText,
                preferredFrom = r.PreferredFrom,
                channelId = r.ChannelId,
                conversationId = r.ConversationId,
            }),
            enquiries = enquiries.OrderBy(e => e.CreatedAt).Select(e => new
            {
                id = e.Id,
                createdAt = e.CreatedAt,
                kind = e.Kind,
                activityId = e.ActivityId?.Value,
                text = e.Text,
                status = e.Status,
                answeredAt = e.AnsweredAt,
                answeredBy = e.AnsweredBy?.Value,
                answerNote = e.AnswerNote,
            }),
            checkInSchedules = checkIns.OrderBy(c => c.UpdatedAt).Select(c => new
            {
                id = c.Id.Value,
                phone = c.Phone.E164,
                day = c.Day.ToString(),
                time = c.Time,
                active = c.Active,
                nextDueAt = c.NextDueAt,
                lastStartedAt = c.LastStartedAt,
                lastOutcome = c.LastOutcome,
                updatedBy = c.UpdatedBy.Value,
                updatedAt = c.UpdatedAt,
            }),
            reminderSettings = reminderSettings.Select(r => new { phone = r.Phone.E164, active = r.Active, updatedBy = r.UpdatedBy.Value, updatedAt = r.UpdatedAt }),
            appointmentReminders = reminders.OrderBy(r => r.At).Select(r => new
            {
                appointmentId = r.AppointmentId.Value,
                kind = r.Kind,
                outcome = r.Outcome,
                at = r.At,
            }),
            journal = journal.OrderBy(e => e.At).ThenBy(e => e.Seq ?? long.MaxValue).ThenBy(e => e.Id).Select(e => new
            {
                id = e.Id,
                seq = e.Seq,
                at = e.At,
                kind = e.Kind,
                actor = e.Actor,
                actorName = e.ActorName,
                channelId = e.ChannelId,
                conversationId = e.ConversationId,
                riskLevel = e.RiskLevel,
                text = e.Text,
                data = Parse(e.DataJson),
                refersTo = e.RefersTo,
                redacted = e.Redacted ? true : (bool?)null,
            }),
        };
        return JsonSerializer.SerializeToNode(document, Json)!.AsObject();
    }

    private static JsonNode? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return JsonValue.Create(json);
        }
    }
}
