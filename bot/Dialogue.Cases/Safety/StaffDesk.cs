using System.Text.Json;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>A member of staff acting in the workspace, as the host's sign-in established them.</summary>
public sealed record StaffActor(VeilederId Ident, string FirstName, OfficeId Office, StaffRole Role);

public enum StaffActionStatus
{
    Done,

    /// <summary>No such thing in the actor's office (another office's data is never confirmed to exist).</summary>
    NotFound,

    /// <summary>The state does not allow it (already resolved, taken over by someone else, changed meanwhile).</summary>
    Conflict,

    /// <summary>The request itself is not usable (an empty note, a message that is too long).</summary>
    Invalid,
}

public sealed record StaffActionResult(StaffActionStatus Status, string? Message = null, Guid? HandoffId = null)
{
    public static StaffActionResult Done { get; } = new(StaffActionStatus.Done);

    public static StaffActionResult NotFound { get; } = new(StaffActionStatus.NotFound, "There is no such escalation or handoff in your office.");
}

/// <summary>One row of the inbox.</summary>
public sealed record EscalationSummary(
    Guid Id,
    EscalationKind Kind,
    RiskLevel Level,
    EscalationStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AcknowledgeBy,
    bool Overdue,
    bool OutsideOfficeHours,
    Guid? PersonId,
    string? PersonName,
    string? VeilederId,
    bool AssignedToMe,
    string ChannelId,
    string ConversationId,
    string? MessageText,
    IReadOnlyList<RiskSignal> Signals,
    Guid? ActiveHandoffId,
    string SenderAddress);

/// <summary>A person's wish to be called (VEILEDER, "ring meg"): normal priority, shown beside the escalations.</summary>
public sealed record ContactRequestSummary(
    Guid Id, Guid PersonId, string? PersonName, string VeilederId, bool AssignedToMe, string? Phone, string? PreferredTimeText,
    DateTimeOffset? PreferredFrom, DateTimeOffset CreatedAt, ContactRequestStatus Status);

public sealed record EscalationDetails(EscalationSummary Escalation, IReadOnlyList<EscalationEvent> History, IReadOnlyList<TranscriptLine> Transcript);

public sealed record HandoffDetails(Guid Id, string ChannelId, string ConversationId, string VeilederId, DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt, Guid? EscalationId, IReadOnlyList<TranscriptLine> Transcript, Guid? PersonId = null);

/// <summary>
/// What a veileder or team lead does with escalations and handoffs: see the own office's inbox (most urgent first,
/// then oldest), acknowledge, mark in contact, resolve with a note, take over a conversation, write to the person,
/// and hand back to the bot. Every change is written to the escalation's history with who and when, and announced
/// live. Only the actor's own office is ever visible.
/// </summary>
public sealed partial class StaffDesk(
    IDbContextFactory<DialogueDbContext> dbFactory,
    ConversationOutbox outbox,
    StaffEvents events,
    MessagingSignals signals,
    TextCatalog texts,
    TimeProvider clock,
    ILogger<StaffDesk> logger)
{
    /// <summary>Ends the sender name of a veileder's message ("Marte hos NAV"), so transcripts tell it from the bot.</summary>
    public const string SignatureSuffix = " hos NAV";

    public const int MaxMessageLength = 600;
    public const int TranscriptLines = 200;

    public static readonly TextId HandoffStartedText = new("handoff.started");
    public static readonly TextId HandoffMessageText = new("handoff.message");
    public static readonly TextId HandoffEndedText = new("handoff.ended");

    /// <summary>The office's escalations that are not resolved: acute first, then high, moderate and nudges; overdue first; oldest first.</summary>
    public async Task<IReadOnlyList<EscalationSummary>> InboxAsync(StaffActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Escalations.AsNoTracking()
            .Where(e => e.OfficeId == actor.Office && e.Status != EscalationStatus.Resolved)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var summaries = await SummariesAsync(db, actor, rows, cancellationToken).ConfigureAwait(false);
        return summaries
            .OrderByDescending(s => s.Level)
            .ThenByDescending(s => s.Overdue)
            .ThenBy(s => s.CreatedAt)
            .ToList();
    }

    /// <summary>The office's open contact requests, oldest first.</summary>
    public async Task<IReadOnlyList<ContactRequestSummary>> ContactRequestsAsync(StaffActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.ContactRequests.AsNoTracking()
            .Where(c => c.OfficeId == actor.Office && c.Status == ContactRequestStatus.Open)
            .Join(db.Persons, c => c.PersonId, p => p.Id, (c, p) => new { Request = c, p.FirstName, p.LastName })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.Request.CreatedAt).Select(r => new ContactRequestSummary(
            r.Request.Id, r.Request.PersonId.Value, $"{r.FirstName} {r.LastName}", r.Request.VeilederId.Value, r.Request.VeilederId == actor.Ident,
            r.Request.Phone?.E164, r.Request.PreferredTimeText, r.Request.PreferredFrom, r.Request.CreatedAt, r.Request.Status)).ToList();
    }

    /// <summary>Marks a contact request as done (the person was called).</summary>
    public async Task<StaffActionResult> CompleteContactRequestAsync(StaffActor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var request = await db.ContactRequests.SingleOrDefaultAsync(c => c.Id == id && c.OfficeId == actor.Office, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return StaffActionResult.NotFound;
        }

        if (request.Status == ContactRequestStatus.Done)
        {
            return new StaffActionResult(StaffActionStatus.Conflict, "It is already done.");
        }

        request.Status = ContactRequestStatus.Done;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogContactDone(logger, id, actor.Ident.Value);
        return StaffActionResult.Done;
    }

    public async Task<EscalationDetails?> GetAsync(StaffActor actor, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var escalation = await FindAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (escalation is null)
        {
            return null;
        }

        var summary = (await SummariesAsync(db, actor, [escalation], cancellationToken).ConfigureAwait(false))[0];
        var history = await db.EscalationEvents.AsNoTracking().Where(e => e.EscalationId == escalation.Id)
            .OrderBy(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var transcript = await ConversationTranscript.ReadAsync(
            db, new ConversationKey(escalation.ChannelId, escalation.ConversationId), TranscriptLines, cancellationToken).ConfigureAwait(false);
        return new EscalationDetails(summary, history, transcript);
    }

    public Task<StaffActionResult> AcknowledgeAsync(StaffActor actor, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, cancellationToken, (escalation, now) =>
        {
            if (escalation.Status != EscalationStatus.Open)
            {
                return (null, $"It is already {escalation.Status} (by {escalation.AcknowledgedBy?.Value ?? "someone"}).");
            }

            Acknowledge(escalation, actor, now);
            return (EscalationEventTypes.Acknowledged, null);
        }, note: null);

    public Task<StaffActionResult> MarkInContactAsync(StaffActor actor, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, cancellationToken, (escalation, now) =>
        {
            if (escalation.Status is EscalationStatus.InContact or EscalationStatus.Resolved)
            {
                return (null, $"It is already {escalation.Status}.");
            }

            Acknowledge(escalation, actor, now);
            escalation.Status = EscalationStatus.InContact;
            return (EscalationEventTypes.InContact, null);
        }, note: null);

    public Task<StaffActionResult> ResolveAsync(StaffActor actor, Guid id, string? note, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return Task.FromResult(new StaffActionResult(StaffActionStatus.Invalid, "A note saying what was done is required to resolve it."));
        }

        if (note.Length > 2000)
        {
            return Task.FromResult(new StaffActionResult(StaffActionStatus.Invalid, "The note may be at most 2000 characters."));
        }

        return ChangeAsync(actor, id, cancellationToken, (escalation, now) =>
        {
            if (escalation.Status == EscalationStatus.Resolved)
            {
                return (null, "It is already resolved.");
            }

            Acknowledge(escalation, actor, now);
            escalation.Status = EscalationStatus.Resolved;
            escalation.ResolvedAt = now;
            escalation.ResolutionNote = note.Trim();
            return (EscalationEventTypes.Resolved, null);
        }, note.Trim());
    }

    /// <summary>Takes over the escalation's conversation: the bot steps aside and the person is told a named person is writing.</summary>
    public async Task<StaffActionResult> TakeOverAsync(StaffActor actor, Guid escalationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var escalation = await FindAsync(db, actor, escalationId, cancellationToken).ConfigureAwait(false);
        if (escalation is null)
        {
            return StaffActionResult.NotFound;
        }

        var active = await db.Handoffs.AsNoTracking()
            .Where(h => h.ChannelId == escalation.ChannelId && h.ConversationId == escalation.ConversationId && h.EndedAt == null)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            return active.VeilederId == actor.Ident
                ? new StaffActionResult(StaffActionStatus.Done, null, active.Id)
                : new StaffActionResult(StaffActionStatus.Conflict, $"{active.VeilederFirstName} has already taken over this conversation.", active.Id);
        }

        var now = clock.GetUtcNow();
        var key = new ConversationKey(escalation.ChannelId, escalation.ConversationId);
        var handoff = new Handoff
        {
            Id = Guid.NewGuid(),
            ChannelId = key.ChannelId,
            ConversationId = key.ConversationId,
            PersonId = escalation.PersonId,
            OfficeId = actor.Office,
            VeilederId = actor.Ident,
            VeilederFirstName = actor.FirstName,
            EscalationId = escalation.Id,
            StartedAt = now,
        };
        db.Handoffs.Add(handoff);
        if (escalation.Status is EscalationStatus.Open or EscalationStatus.Acknowledged)
        {
            Acknowledge(escalation, actor, now);
            escalation.Status = EscalationStatus.InContact;
            escalation.Version++;
        }

        db.EscalationEvents.Add(new EscalationEvent
        {
            EscalationId = escalation.Id, Type = EscalationEventTypes.HandoffStarted, Actor = actor.Ident.Value, At = now,
        });
        var text = texts.Render(HandoffStartedText, new Dictionary<string, string> { ["name"] = actor.FirstName });
        if (!await outbox.WriteAsync(db, key, text, actor.FirstName + SignatureSuffix, now, cancellationToken).ConfigureAwait(false))
        {
            return new StaffActionResult(StaffActionStatus.Conflict, "The conversation has no message to answer; it cannot be taken over.");
        }

        if (!await TrySaveAsync(db, cancellationToken).ConfigureAwait(false))
        {
            return ChangedMeanwhile;
        }

        signals.Outbox.Notify();
        LogHandoffStarted(logger, handoff.Id, actor.Ident.Value);
        events.Publish(new StaffEvent(StaffEventTypes.HandoffStarted, actor.Office, now, escalation.Id.Value, handoff.Id, escalation.Level));
        events.Publish(new StaffEvent(StaffEventTypes.EscalationUpdated, actor.Office, now, escalation.Id.Value, handoff.Id, escalation.Level));
        return new StaffActionResult(StaffActionStatus.Done, null, handoff.Id);
    }

    /// <summary>A veileder's message to the person, signed with their first name, on the person's channel.</summary>
    public async Task<StaffActionResult> SendAsync(StaffActor actor, Guid handoffId, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new StaffActionResult(StaffActionStatus.Invalid, "Write a message.");
        }

        if (text.Length > MaxMessageLength)
        {
            return new StaffActionResult(StaffActionStatus.Invalid, $"A message may be at most {MaxMessageLength} characters (it must fit in three SMS).");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var handoff = await db.Handoffs.SingleOrDefaultAsync(h => h.Id == handoffId && h.OfficeId == actor.Office, cancellationToken).ConfigureAwait(false);
        if (handoff is null)
        {
            return StaffActionResult.NotFound;
        }

        if (handoff.EndedAt is not null)
        {
            return new StaffActionResult(StaffActionStatus.Conflict, "The conversation has been handed back to the bot.");
        }

        var now = clock.GetUtcNow();
        var signed = texts.Render(HandoffMessageText, new Dictionary<string, string> { ["name"] = actor.FirstName, ["text"] = text.Trim() });
        await outbox.WriteAsync(db, new ConversationKey(handoff.ChannelId, handoff.ConversationId), signed, actor.FirstName + SignatureSuffix, now, cancellationToken)
            .ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        signals.Outbox.Notify();
        events.Publish(new StaffEvent(StaffEventTypes.HandoffMessage, handoff.OfficeId, now, handoff.EscalationId?.Value, handoff.Id));
        return new StaffActionResult(StaffActionStatus.Done, null, handoff.Id);
    }

    /// <summary>Hands the conversation back to the bot; the person is told, and the bot answers their next message.</summary>
    public async Task<StaffActionResult> EndHandoffAsync(StaffActor actor, Guid handoffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var handoff = await db.Handoffs.SingleOrDefaultAsync(h => h.Id == handoffId && h.OfficeId == actor.Office, cancellationToken).ConfigureAwait(false);
        if (handoff is null)
        {
            return StaffActionResult.NotFound;
        }

        if (handoff.EndedAt is not null)
        {
            return new StaffActionResult(StaffActionStatus.Conflict, "It has already been handed back.", handoff.Id);
        }

        var now = clock.GetUtcNow();
        handoff.EndedAt = now;
        handoff.Version++;
        if (handoff.EscalationId is { } escalationId)
        {
            db.EscalationEvents.Add(new EscalationEvent
            {
                EscalationId = escalationId, Type = EscalationEventTypes.HandoffEnded, Actor = actor.Ident.Value, At = now,
            });
        }

        await outbox.WriteAsync(db, new ConversationKey(handoff.ChannelId, handoff.ConversationId), texts.Render(HandoffEndedText), null, now, cancellationToken)
            .ConfigureAwait(false);
        if (!await TrySaveAsync(db, cancellationToken).ConfigureAwait(false))
        {
            return ChangedMeanwhile;
        }

        signals.Outbox.Notify();
        LogHandoffEnded(logger, handoff.Id, actor.Ident.Value);
        events.Publish(new StaffEvent(StaffEventTypes.HandoffEnded, handoff.OfficeId, now, handoff.EscalationId?.Value, handoff.Id));
        return new StaffActionResult(StaffActionStatus.Done, null, handoff.Id);
    }

    public async Task<HandoffDetails?> HandoffAsync(StaffActor actor, Guid handoffId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var handoff = await db.Handoffs.AsNoTracking().SingleOrDefaultAsync(h => h.Id == handoffId && h.OfficeId == actor.Office, cancellationToken)
            .ConfigureAwait(false);
        if (handoff is null)
        {
            return null;
        }

        var transcript = await ConversationTranscript.ReadAsync(
            db, new ConversationKey(handoff.ChannelId, handoff.ConversationId), TranscriptLines, cancellationToken).ConfigureAwait(false);
        return new HandoffDetails(handoff.Id, handoff.ChannelId, handoff.ConversationId, handoff.VeilederId.Value, handoff.StartedAt,
            handoff.EndedAt, handoff.EscalationId?.Value, transcript, handoff.PersonId?.Value);
    }

    private async Task<StaffActionResult> ChangeAsync(
        StaffActor actor, Guid id, CancellationToken cancellationToken, Func<Escalation, DateTimeOffset, (string? EventType, string? Refusal)> change, string? note)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var escalation = await FindAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
        if (escalation is null)
        {
            return StaffActionResult.NotFound;
        }

        var now = clock.GetUtcNow();
        var (eventType, refusal) = change(escalation, now);
        if (eventType is null)
        {
            return new StaffActionResult(StaffActionStatus.Conflict, refusal);
        }

        escalation.Version++;
        db.EscalationEvents.Add(new EscalationEvent { EscalationId = escalation.Id, Type = eventType, Actor = actor.Ident.Value, Note = note, At = now });
        if (!await TrySaveAsync(db, cancellationToken).ConfigureAwait(false))
        {
            return ChangedMeanwhile;
        }

        LogChanged(logger, escalation.Id.Value, eventType, actor.Ident.Value);
        events.Publish(new StaffEvent(StaffEventTypes.EscalationUpdated, actor.Office, now, escalation.Id.Value, Level: escalation.Level));
        return StaffActionResult.Done;
    }

    private static readonly StaffActionResult ChangedMeanwhile = new(StaffActionStatus.Conflict, "Somebody changed it at the same time. Look again.");

    /// <summary>Saves; false when another veileder (or the watchdog) changed the same escalation or handoff first.</summary>
    private static async Task<bool> TrySaveAsync(DialogueDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    private static void Acknowledge(Escalation escalation, StaffActor actor, DateTimeOffset now)
    {
        if (escalation.AcknowledgedAt is null)
        {
            escalation.AcknowledgedAt = now;
            escalation.AcknowledgedBy = actor.Ident;
        }

        if (escalation.Status == EscalationStatus.Open)
        {
            escalation.Status = EscalationStatus.Acknowledged;
        }
    }

    private static Task<Escalation?> FindAsync(DialogueDbContext db, StaffActor actor, Guid id, CancellationToken cancellationToken)
    {
        var escalationId = new EscalationId(id);
        return db.Escalations.SingleOrDefaultAsync(e => e.Id == escalationId && e.OfficeId == actor.Office, cancellationToken);
    }

    private async Task<List<EscalationSummary>> SummariesAsync(
        DialogueDbContext db, StaffActor actor, List<Escalation> rows, CancellationToken cancellationToken)
    {
        var personIds = rows.Where(r => r.PersonId is not null).Select(r => r.PersonId!.Value).Distinct().ToList();
        var names = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FirstName, p.LastName })
            .ToDictionaryAsync(p => p.Id, p => $"{p.FirstName} {p.LastName}", cancellationToken).ConfigureAwait(false);
        var conversations = rows.Select(r => r.ConversationId).Distinct().ToList();
        var handoffs = await db.Handoffs.AsNoTracking().Where(h => h.EndedAt == null && conversations.Contains(h.ConversationId))
            .Select(h => new { h.Id, h.ChannelId, h.ConversationId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return rows.Select(e => new EscalationSummary(
            e.Id.Value,
            e.Kind,
            e.Level,
            e.Status,
            e.CreatedAt,
            e.AcknowledgeBy,
            Overdue: e.Status == EscalationStatus.Open && e.AcknowledgeBy is { } due && due <= now,
            e.OutsideOfficeHours,
            e.PersonId?.Value,
            e.PersonId is { } p && names.TryGetValue(p, out var name) ? name : null,
            e.VeilederId?.Value,
            AssignedToMe: e.VeilederId == actor.Ident,
            e.ChannelId,
            e.ConversationId,
            e.MessageText,
            JsonSerializer.Deserialize<List<RiskSignal>>(e.SignalsJson, EscalationDesk.SignalJson) ?? [],
            handoffs.FirstOrDefault(h => h.ChannelId == e.ChannelId && h.ConversationId == e.ConversationId)?.Id,
            e.SenderAddress)).ToList();
    }

    [LoggerMessage(EventId = 4023, Level = LogLevel.Information, Message = "Contact request {RequestId} done by {Actor}")]
    private static partial void LogContactDone(ILogger logger, Guid requestId, string actor);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Escalation {EscalationId}: {Change} by {Actor}")]
    private static partial void LogChanged(ILogger logger, Guid escalationId, string change, string actor);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Handoff {HandoffId} started by {Actor}: the bot steps aside")]
    private static partial void LogHandoffStarted(ILogger logger, Guid handoffId, string actor);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "Handoff {HandoffId} ended by {Actor}: the bot answers again")]
    private static partial void LogHandoffEnded(ILogger logger, Guid handoffId, string actor);
}
