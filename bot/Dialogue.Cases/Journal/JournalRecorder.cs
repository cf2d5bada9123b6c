using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Dialogue.Cases.Journal;

/// <summary>Turns the tracked changes of one save into journal entries (see <see cref="JournalInterceptor"/>).</summary>
internal static class JournalRecorder
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Final SMS states worth a journal entry (queued, sent and the like are passing states).</summary>
    private static readonly HashSet<string> FinalDelivery = new(StringComparer.Ordinal)
    {
        SmsDeliveryStatus.Delivered, SmsDeliveryStatus.Undelivered, SmsDeliveryStatus.Failed, SmsDeliveryStatus.Suppressed, SmsDeliveryStatus.Held, "canceled", "read",
    };

    public static async Task<List<JournalEntry>> RecordAsync(
        DialogueDbContext db, JournalScope? scope, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tracked = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var result = new List<JournalEntry>();
        var names = new Dictionary<VeilederId, string?>();
        var inTurn = scope is not null;
        var personActor = inTurn ? JournalActors.Person : JournalActors.System;

        foreach (var entry in tracked)
        {
            switch (entry.Entity)
            {
                case PlanActivity a:
                    var changes = entry.State == EntityState.Modified ? Changes(entry, nameof(PlanActivity.UpdatedAt)) : null;
                    if (changes is { Count: 0 })
                    {
                        break;
                    }

                    result.Add(JournalEntry.Create(a.PersonId, JournalKinds.Activity, a.UpdatedAt == default ? now : a.UpdatedAt,
                        a.LastChangedBy switch { ChangedBy.Veileder => JournalActors.Veileder, ChangedBy.Bruker => JournalActors.Person, _ => personActor },
                        a.Title,
                        Data(new
                        {
                            action = entry.State == EntityState.Added ? "created" : "changed",
                            activityId = a.Id.Value,
                            title = a.Title,
                            type = a.Type,
                            status = a.Status,
                            fromDate = a.FromDate,
                            toDate = a.ToDate,
                            agreed = a.Agreed,
                            helper = a.Helper,
                            changedBy = a.LastChangedBy,
                            changes,
                        }),
                        scope?.ChannelId, scope?.ConversationId));
                    break;
                case Person p when entry.State == EntityState.Modified && entry.Property(nameof(Person.Goal)).IsModified:
                    result.Add(JournalEntry.Create(p.Id, JournalKinds.Goal, p.GoalUpdatedAt ?? now, personActor, p.Goal,
                        Data(new { previous = entry.Property(nameof(Person.Goal)).OriginalValue }), scope?.ChannelId, scope?.ConversationId));
                    break;
                case Appointment m when entry.State == EntityState.Added || entry.Property(nameof(Appointment.Attendance)).IsModified:
                    result.Add(JournalEntry.Create(m.PersonId, JournalKinds.Appointment, m.AnsweredAt ?? now,
                        entry.State == EntityState.Added ? JournalActors.System : personActor, null,
                        Data(new
                        {
                            action = entry.State == EntityState.Added ? "created" : "answered",
                            appointmentId = m.Id.Value,
                            startsAt = m.StartsAt,
                            place = m.Place,
                            attendance = m.Attendance,
                        }),
                        scope?.ChannelId, scope?.ConversationId));
                    break;
                case MoodEntry mood when entry.State == EntityState.Added:
                    result.Add(JournalEntry.Create(mood.PersonId, JournalKinds.Mood, mood.At, personActor, mood.Word,
                        Data(new { score = mood.Score, word = mood.Word }), scope?.ChannelId, scope?.ConversationId));
                    break;
                case LifeSituationAnswer life when entry.State == EntityState.Added:
                    result.Add(JournalEntry.Create(life.PersonId, JournalKinds.LifeSituation, life.At, personActor, life.Answer,
                        Data(new { topic = life.Topic, skipped = life.Skipped }), scope?.ChannelId, scope?.ConversationId));
                    break;
                case ConversationSummary summary when entry.State == EntityState.Added:
                    result.Add(JournalEntry.Create(summary.PersonId, JournalKinds.Summary, summary.CreatedAt, personActor, summary.Text,
                        Data(new { summaryId = summary.Id, confirmed = summary.Confirmed, correction = summary.Correction }),
                        summary.ChannelId, summary.ConversationId));
                    break;
                case Enquiry enquiry when entry.State == EntityState.Added:
                    result.Add(JournalEntry.Create(enquiry.PersonId, JournalKinds.Enquiry, enquiry.CreatedAt, personActor, enquiry.Text,
                        Data(new { enquiryId = enquiry.Id, kind = enquiry.Kind, activityId = enquiry.ActivityId?.Value, status = enquiry.Status }),
                        scope?.ChannelId, scope?.ConversationId));
                    break;
                case Enquiry enquiry when entry.State == EntityState.Modified && entry.Property(nameof(Enquiry.Status)).IsModified
                    && enquiry.Status == EnquiryStatus.Answered:
                    result.Add(JournalEntry.Create(enquiry.PersonId, JournalKinds.Enquiry, enquiry.AnsweredAt ?? now, JournalActors.Veileder,
                        enquiry.AnswerNote,
                        Data(new { enquiryId = enquiry.Id, kind = enquiry.Kind, status = enquiry.Status, answeredBy = enquiry.AnsweredBy?.Value }),
                        actorName: enquiry.AnsweredBy is { } answeredBy ? await NameAsync(db, names, answeredBy, cancellationToken).ConfigureAwait(false) : null));
                    break;
                case ContactRequest request when entry.State == EntityState.Added || entry.Property(nameof(ContactRequest.Status)).IsModified:
                    result.Add(JournalEntry.Create(request.PersonId, JournalKinds.ContactRequest,
                        entry.State == EntityState.Added ? request.CreatedAt : now,
                        entry.State == EntityState.Added ? personActor : JournalActors.Veileder, request.PreferredTimeText,
                        Data(new
                        {
                            requestId = request.Id,
                            status = request.Status,
                            phone = request.Phone?.E164,
                            preferredFrom = request.PreferredFrom,
                            veilederId = request.VeilederId.Value,
                        }),
                        request.ChannelId, request.ConversationId));
                    break;
                case Escalation escalation when entry.State == EntityState.Added && escalation.PersonId is { } person:
                    result.Add(JournalEntry.Create(person, JournalKinds.Escalation, escalation.CreatedAt, JournalActors.Bot, null,
                        Data(new
                        {
                            escalationId = escalation.Id.Value,
                            kind = escalation.Kind,
                            level = escalation.Level,
                            status = escalation.Status,
                            signals = JsonNode.Parse(escalation.SignalsJson),
                            lexiconVersion = escalation.LexiconVersion,
                            outsideOfficeHours = escalation.OutsideOfficeHours,
                            acknowledgeBy = escalation.AcknowledgeBy,
                            officeId = escalation.OfficeId?.Value,
                            veilederId = escalation.VeilederId?.Value,
                        }),
                        escalation.ChannelId, escalation.ConversationId, riskLevel: escalation.Level));
                    break;
                case EscalationEvent history when entry.State == EntityState.Added:
                    if (await EscalationOfAsync(db, tracked, history.EscalationId, cancellationToken).ConfigureAwait(false) is { PersonId: { } owner } of)
                    {
                        VeilederId? staff = history.Actor is EscalationDesk.BotActor or EscalationWatchdog.Actor ? null : new VeilederId(history.Actor);
                        result.Add(JournalEntry.Create(owner, JournalKinds.EscalationEvent, history.At,
                            staff is null ? (history.Actor == EscalationDesk.BotActor ? JournalActors.Bot : JournalActors.System) : JournalActors.Veileder,
                            history.Note,
                            Data(new { escalationId = history.EscalationId.Value, type = history.Type, actor = history.Actor }),
                            of.ChannelId, of.ConversationId,
                            staff is { } ident ? await NameAsync(db, names, ident, cancellationToken).ConfigureAwait(false) : null,
                            of.Level));
                    }

                    break;
                case Handoff handoff when handoff.PersonId is { } handedOver
                    && (entry.State == EntityState.Added || (entry.Property(nameof(Handoff.EndedAt)).IsModified && handoff.EndedAt is not null)):
                    var started = entry.State == EntityState.Added;
                    result.Add(JournalEntry.Create(handedOver, started ? JournalKinds.HandoffStart : JournalKinds.HandoffEnd,
                        started ? handoff.StartedAt : handoff.EndedAt!.Value, JournalActors.Veileder, null,
                        Data(new { handoffId = handoff.Id, veilederId = handoff.VeilederId.Value, escalationId = handoff.EscalationId?.Value }),
                        handoff.ChannelId, handoff.ConversationId,
                        await NameAsync(db, names, handoff.VeilederId, cancellationToken).ConfigureAwait(false) ?? handoff.VeilederFirstName));
                    break;
                case OutboundActivity outbound when entry.State == EntityState.Added && !inTurn:
                    if (await OutsideTurnMessageAsync(db, outbound, names, cancellationToken).ConfigureAwait(false) is { } message)
                    {
                        result.Add(message);
                    }

                    break;
                case OutboundActivity outbound when entry.State == EntityState.Modified:
                    if (await DeliveryAsync(db, entry, outbound, now, cancellationToken).ConfigureAwait(false) is { } delivery)
                    {
                        result.Add(delivery);
                    }

                    break;
            }
        }

        return result;
    }

    internal static string Data(object value) => JsonSerializer.Serialize(value, Json);

    /// <summary>The person an account on a channel belongs to, the way a turn resolves it (SMS: a number on exactly one case).</summary>
    internal static async Task<PersonId?> PersonOfAsync(DialogueDbContext db, string channelId, string? account, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(account))
        {
            return null;
        }

        if (string.Equals(channelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase))
        {
            if (!PhoneNumber.TryParse(account, out var number))
            {
                return null;
            }

            var persons = await db.PersonPhones.AsNoTracking().Where(p => p.Number == number).Select(p => p.PersonId)
                .Distinct().Take(2).ToListAsync(cancellationToken).ConfigureAwait(false);
            return persons is [var only] ? only : null;
        }

        return await db.ChannelLinks.AsNoTracking().Where(l => l.ChannelId == channelId && l.AccountId == account)
            .Select(l => (PersonId?)l.PersonId).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, object?>? Changes(EntityEntry entry, params string[] ignored)
    {
        var changes = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties.Where(p => p.IsModified && !ignored.Contains(p.Metadata.Name)))
        {
            if (!Equals(property.OriginalValue, property.CurrentValue))
            {
                changes[char.ToLowerInvariant(property.Metadata.Name[0]) + property.Metadata.Name[1..]] =
                    new[] { Plain(property.OriginalValue), Plain(property.CurrentValue) };
            }
        }

        return changes;
    }

    private static object? Plain(object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        ActivityId id => id.Value,
        _ => value,
    };

    private sealed record EscalationFacts(PersonId? PersonId, Dialogue.Safety.Screening.RiskLevel Level, string ChannelId, string ConversationId);

    private static async Task<EscalationFacts?> EscalationOfAsync(
        DialogueDbContext db, List<EntityEntry> tracked, EscalationId id, CancellationToken cancellationToken)
    {
        if (tracked.Select(e => e.Entity).OfType<Escalation>().FirstOrDefault(e => e.Id == id) is { } local)
        {
            return new EscalationFacts(local.PersonId, local.Level, local.ChannelId, local.ConversationId);
        }

        if (db.ChangeTracker.Entries<Escalation>().FirstOrDefault(e => e.Entity.Id == id)?.Entity is { } loaded)
        {
            return new EscalationFacts(loaded.PersonId, loaded.Level, loaded.ChannelId, loaded.ConversationId);
        }

        return await db.Escalations.AsNoTracking().Where(e => e.Id == id)
            .Select(e => new EscalationFacts(e.PersonId, e.Level, e.ChannelId, e.ConversationId))
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> NameAsync(
        DialogueDbContext db, Dictionary<VeilederId, string?> names, VeilederId id, CancellationToken cancellationToken)
    {
        if (!names.TryGetValue(id, out var name))
        {
            name = await db.Veiledere.AsNoTracking().Where(v => v.Id == id).Select(v => v.FirstName + " " + v.LastName)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            names[id] = name;
        }

        return name;
    }

    /// <summary>A message written outside a turn: a veileder's (during a handoff) or the bot's own (a proactive SMS).</summary>
    private static async Task<JournalEntry?> OutsideTurnMessageAsync(
        DialogueDbContext db, OutboundActivity row, Dictionary<VeilederId, string?> names, CancellationToken cancellationToken)
    {
        var activity = ReadActivity(row.ActivityJson);
        if (activity is not { Type: ActivityTypes.Message, Text: { Length: > 0 } text })
        {
            return null;
        }

        var handoff = db.ChangeTracker.Entries<Handoff>().Select(e => e.Entity)
            .FirstOrDefault(h => h.ChannelId == row.ChannelId && h.ConversationId == row.ConversationId);
        var person = handoff?.PersonId ?? await PersonOfAsync(db, row.ChannelId, activity.Recipient?.Id, cancellationToken).ConfigureAwait(false);
        if (person is not { } owner)
        {
            return null;
        }

        var fromVeileder = activity.From?.Name is { } signature && signature.EndsWith(StaffDesk.SignatureSuffix, StringComparison.Ordinal);
        string? actorName = null;
        if (fromVeileder)
        {
            actorName = handoff is not null
                ? await NameAsync(db, names, handoff.VeilederId, cancellationToken).ConfigureAwait(false)
                : null;
            actorName ??= activity.From!.Name![..^StaffDesk.SignatureSuffix.Length];
        }

        return JournalEntry.Create(owner, fromVeileder ? JournalKinds.MessageVeileder : JournalKinds.MessageOut, row.CreatedAt,
            fromVeileder ? JournalActors.Veileder : JournalActors.Bot, text,
            Data(new { activityId = activity.Id, proactive = row.Proactive ? true : (bool?)null }),
            row.ChannelId, row.ConversationId, actorName);
    }

    private static async Task<JournalEntry?> DeliveryAsync(
        DialogueDbContext db, EntityEntry entry, OutboundActivity row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var statusChanged = entry.Property(nameof(OutboundActivity.DeliveryStatus)).IsModified
            && !string.Equals(entry.Property(nameof(OutboundActivity.DeliveryStatus)).OriginalValue as string, row.DeliveryStatus, StringComparison.Ordinal)
            && row.DeliveryStatus is { } s && FinalDelivery.Contains(s);
        var died = entry.Property(nameof(OutboundActivity.Status)).IsModified && row.Status == OutboundStatus.Dead
            && entry.Property(nameof(OutboundActivity.Status)).OriginalValue is not OutboundStatus.Dead;
        if (!statusChanged && !died)
        {
            return null;
        }

        var activity = ReadActivity(row.ActivityJson);
        if (await PersonOfAsync(db, row.ChannelId, activity?.Recipient?.Id, cancellationToken).ConfigureAwait(false) is not { } person)
        {
            return null;
        }

        var status = died && !statusChanged ? "dead" : row.DeliveryStatus!;
        return JournalEntry.Create(person, JournalKinds.SmsDelivery, died && !statusChanged ? now : row.DeliveryStatusAt ?? now,
            JournalActors.System, null,
            Data(new { activityId = activity?.Id, outboundId = row.Id, status, errorCode = row.DeliveryErrorCode, error = died ? row.LastError : null }),
            row.ChannelId, row.ConversationId);
    }

    internal static Activity? ReadActivity(string json)
    {
        try
        {
            return ActivityJson.Deserialize(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
