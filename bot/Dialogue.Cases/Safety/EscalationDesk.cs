using System.Text.Json;
using System.Text.Json.Serialization;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>What <see cref="EscalationDesk.RaiseAsync"/> did.</summary>
/// <param name="IsNew">False when the message was added to an escalation already open in the conversation.</param>
/// <param name="OfficeOpen">Whether the office was open when it was raised (the user is told honestly when it is not).</param>
/// <param name="NextOpeningLocal">The office's next opening in its local time, when it was closed.</param>
/// <param name="LocalNow">Now, in the office's local time (to say "i dag" or "i morgen" about the opening).</param>
public sealed record RaisedEscalation(Escalation Escalation, bool IsNew, bool OfficeOpen, DateTime? NextOpeningLocal, DateTime LocalNow);

/// <summary>
/// Raises escalations from a turn, on the turn's own database context: the escalation, its history and the staff
/// notices are committed with the turn's replies (and kept even when the rest of the turn fails), so an escalation
/// always exists before the person is told that somebody is coming.
/// </summary>
public sealed partial class EscalationDesk(
    DialogueDbContext db, SafetyPolicy policy, TextCatalog texts, TurnKeeps keeps, PendingStaffEvents pending, ILogger logger)
{
    public const string BotActor = "bot";

    internal static readonly JsonSerializerOptions SignalJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Raises an escalation for a message screened moderate or worse. A message in a conversation that already has an
    /// open escalation at the same or a higher level is added to that one (no second alarm); a higher level raises a
    /// new one. High and acute notify the veileder's work phone (or the office's duty phone) — when the office is
    /// closed, at the next opening.
    /// </summary>
    public async Task<RaisedEscalation> RaiseAsync(
        RiskAssessment assessment, Person? person, ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(turn);
        if (assessment.Level == RiskLevel.None)
        {
            throw new ArgumentException("Only a message screened moderate or worse raises an escalation.", nameof(assessment));
        }

        var now = turn.Clock.GetUtcNow();
        var key = turn.Conversation;
        var text = Truncate(turn.Activity.Text);
        var open = await db.Escalations
            .Where(e => e.ChannelId == key.ChannelId && e.ConversationId == key.ConversationId
                && e.Kind == EscalationKind.Risk && e.Status != EscalationStatus.Resolved)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var office = person?.OfficeId ?? await turn.Get<IOfficeInbox>().ReceptionOfficeAsync(cancellationToken).ConfigureAwait(false);
        var hours = policy.HoursFor(office);
        var officeOpen = hours.IsOpen(now);
        DateTime? nextOpening = officeOpen ? null : hours.NextOpeningLocal(now);

        if (open.Where(e => e.Level >= assessment.Level).MaxBy(e => e.Level) is { } existing)
        {
            AddEvent(existing.Id, EscalationEventTypes.FollowUpMessage, BotActor, Describe(assessment), now);
            Announce(StaffEventTypes.EscalationFollowUp, existing, now);
            return new RaisedEscalation(existing, IsNew: false, officeOpen, nextOpening, hours.ToLocal(now));
        }

        var escalation = new Escalation
        {
            Id = EscalationId.New(),
            Kind = EscalationKind.Risk,
            Level = assessment.Level,
            PersonId = person?.Id,
            SenderAddress = turn.Activity.From?.Id ?? "unknown",
            OfficeId = office,
            VeilederId = person?.VeilederId,
            ChannelId = key.ChannelId,
            ConversationId = key.ConversationId,
            MessageText = text,
            SignalsJson = JsonSerializer.Serialize(assessment.Signals, SignalJson),
            LexiconVersion = assessment.LexiconVersion,
            CreatedAt = now,
            OutsideOfficeHours = !officeOpen,
            AcknowledgeBy = policy.Sla.AcknowledgeBy(assessment.Level, now, hours)?.ToUniversalTime(), // stored in UTC
        };
        db.Escalations.Add(escalation);
        keeps.Add(escalation);
        AddEvent(escalation.Id, EscalationEventTypes.Created, BotActor, Describe(assessment), now);

        if (assessment.Level >= RiskLevel.High)
        {
            await NotifyAsync(escalation, person, officeOpen ? now : hours.NextOpening(now).ToUniversalTime(), now, cancellationToken).ConfigureAwait(false);
        }

        LogRaised(logger, escalation.Id.Value, assessment.Level, office?.Value, officeOpen);
        Announce(StaffEventTypes.EscalationRaised, escalation, now);
        return new RaisedEscalation(escalation, IsNew: true, officeOpen, nextOpening, hours.ToLocal(now));
    }

    /// <summary>Notes that the person wrote again while an escalation about them is open (shown in its history).</summary>
    public void AddFollowUp(Escalation escalation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        AddEvent(escalation.Id, EscalationEventTypes.FollowUpMessage, BotActor, null, now);
        Announce(StaffEventTypes.EscalationFollowUp, escalation, now);
    }

    /// <summary>The conversation so far, for a handoff to an agent hub.</summary>
    public Task<IReadOnlyList<TranscriptLine>> TranscriptAsync(ConversationKey conversation, int maxLines, CancellationToken cancellationToken) =>
        ConversationTranscript.ReadAsync(db, conversation, maxLines, cancellationToken);

    public Task<Escalation?> FindAsync(EscalationId id, CancellationToken cancellationToken) =>
        db.Escalations.SingleOrDefaultAsync(e => e.Id == id, cancellationToken);

    /// <summary>Counts a message from a known person, so a long silence after activity can be flagged.</summary>
    public async Task RecordContactAsync(PersonId person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var contact = await db.PersonContacts.SingleOrDefaultAsync(c => c.PersonId == person, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            db.PersonContacts.Add(new PersonContact { PersonId = person, FirstMessageAt = now, LastMessageAt = now, MessageCount = 1 });
            return;
        }

        contact.LastMessageAt = now;
        contact.MessageCount++;
    }

    private async Task NotifyAsync(Escalation escalation, Person? person, DateTimeOffset sendAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Notes are codes, not words: the workspace renders them in its own language.
        PhoneNumber? to = null;
        var note = "sms:veileder_work_phone";
        if (person is not null)
        {
            to = await db.Veiledere.Where(v => v.Id == person.VeilederId).Select(v => v.WorkPhone)
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }

        if (to is null && escalation.OfficeId is { } office)
        {
            to = await db.Offices.Where(o => o.Id == office).Select(o => o.DutyPhone).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            note = "sms:office_duty_phone";
        }

        if (to is not { } phone)
        {
            LogNoPhone(logger, escalation.Id.Value, escalation.OfficeId?.Value);
            return;
        }

        keeps.Add(StaffNotices.Queue(db, texts, phone, StaffNotices.NewEscalation, now, sendAt));
        AddEvent(escalation.Id, EscalationEventTypes.Notified, BotActor,
            sendAt > now ? $"{note};send_at={sendAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : note, now);
    }

    private void AddEvent(EscalationId id, string type, string actor, string? note, DateTimeOffset now)
    {
        var entry = new EscalationEvent { EscalationId = id, Type = type, Actor = actor, Note = note, At = now };
        db.EscalationEvents.Add(entry);
        keeps.Add(entry);
    }

    private void Announce(string type, Escalation escalation, DateTimeOffset now)
    {
        if (escalation.OfficeId is { } office)
        {
            pending.Add(new StaffEvent(type, office, now, escalation.Id.Value, Level: escalation.Level));
        }
    }

    /// <summary>The signals in a line for the history (ids and levels only; the words are in the escalation itself).</summary>
    private static string Describe(RiskAssessment assessment) =>
        $"{assessment.Level}: " + string.Join(", ", assessment.Signals.Select(s => s.Id).Distinct(StringComparer.Ordinal));

    private static string? Truncate(string? text) =>
        text is null ? null : text.Length <= Escalation.MaxMessageLength ? text : text[..Escalation.MaxMessageLength];

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Escalation {EscalationId} raised at level {Level} for office {OfficeId} (office open: {OfficeOpen})")]
    private static partial void LogRaised(ILogger logger, Guid escalationId, RiskLevel level, string? officeId, bool officeOpen);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "Escalation {EscalationId} for office {OfficeId}: no work phone for the veileder and no duty phone for the office; nobody was texted (the workspace still shows it)")]
    private static partial void LogNoPhone(ILogger logger, Guid escalationId, string? officeId);
}

/// <summary>Staff notices a turn raised, published live once the turn has committed.</summary>
public sealed class PendingStaffEvents
{
    private readonly List<StaffEvent> _events = [];

    public IReadOnlyList<StaffEvent> Events => _events;

    public void Add(StaffEvent staffEvent) => _events.Add(staffEvent);
}

/// <summary>Publishes a committed turn's staff notices to the live workspaces.</summary>
internal sealed class StaffEventsCommitListener(StaffEvents events, TimeProvider clock) : ITurnCommitListener
{
    public void Committed(ITurnContext turn, TurnOutcome outcome)
    {
        if (turn.TurnValues.TryGetValue(typeof(PendingStaffEvents).FullName!, out var value) && value is PendingStaffEvents pending)
        {
            foreach (var staffEvent in pending.Events)
            {
                events.Publish(staffEvent);
            }
        }

        // New henvendelser and contact requests appear in the office's inbox without a reload.
        var offices = TurnAdditions.Of(turn).Select(entity => entity switch
        {
            Enquiry enquiry => enquiry.OfficeId,
            ContactRequest request => request.OfficeId,
            OfficeMessage message => message.OfficeId,
            _ => null,
        }).OfType<OfficeId>().Distinct();
        foreach (var office in offices)
        {
            events.Publish(new StaffEvent(StaffEventTypes.EnquiryRaised, office, clock.GetUtcNow()));
        }
    }
}
