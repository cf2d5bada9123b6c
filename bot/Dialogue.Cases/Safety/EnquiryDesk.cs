using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>Where an enquiry in the inbox came from.</summary>
public enum EnquirySource
{
    /// <summary>A person with a case asked for something (help with an activity, a new time, a question).</summary>
    Case,

    /// <summary>Somebody not linked to a case left a message for the office.</summary>
    Office,
}

/// <param name="AnswerWithinWorkdays">How many open days the office promises to answer in (<c>Enquiries:AnswerWithinWorkdays</c>).</param>
public sealed record EnquirySettings(int AnswerWithinWorkdays = 3);

/// <summary>One henvendelse in the inbox: after the escalations, the one due first on top.</summary>
/// <param name="Kind">What the person asked for; null for a message to the office.</param>
/// <param name="AnswerBy">The end of the office day by which the office promised an answer.</param>
public sealed record EnquirySummary(
    Guid Id,
    EnquirySource Source,
    EnquiryKind? Kind,
    Guid? PersonId,
    string? PersonName,
    bool AssignedToMe,
    string? ActivityTitle,
    string? Text,
    string? ContactInfo,
    string? SenderAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset AnswerBy,
    bool Overdue);

/// <summary>
/// The inbox's henvendelser: enquiries from people with a case and messages to the office from people without one,
/// in the actor's office only, and marking them answered with an optional note (who and when are kept).
/// The office promised an answer within <see cref="EnquirySettings.AnswerWithinWorkdays"/> open days.
/// </summary>
public sealed partial class EnquiryDesk(
    IDbContextFactory<DialogueDbContext> dbFactory,
    EnquirySettings settings,
    SafetyPolicy policy,
    StaffEvents events,
    TimeProvider clock,
    ILogger<EnquiryDesk> logger)
{
    public const int MaxNoteLength = 2000;

    /// <summary>The office's open enquiries: overdue first, then the one due first, then the oldest.</summary>
    public async Task<IReadOnlyList<EnquirySummary>> OpenAsync(StaffActor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var enquiries = await db.Enquiries.AsNoTracking()
            .Where(e => e.OfficeId == actor.Office && e.Status == EnquiryStatus.Open)
            .Join(db.Persons, e => e.PersonId, p => p.Id, (e, p) => new { Enquiry = e, p.FirstName, p.LastName, p.VeilederId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var activityIds = enquiries.Where(e => e.Enquiry.ActivityId is not null).Select(e => e.Enquiry.ActivityId!.Value).Distinct().ToList();
        var titles = await db.Activities.AsNoTracking().Where(a => activityIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Title, cancellationToken).ConfigureAwait(false);
        var office = actor.Office;
        var messages = await db.OfficeMessages.AsNoTracking()
            .Where(m => m.OfficeId == office && m.Status == OfficeMessageStatus.New)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var now = clock.GetUtcNow();
        var rows = enquiries.Select(e => Summary(
                e.Enquiry.Id, EnquirySource.Case, e.Enquiry.Kind, e.Enquiry.PersonId.Value, $"{e.FirstName} {e.LastName}",
                e.VeilederId == actor.Ident,
                e.Enquiry.ActivityId is { } a && titles.TryGetValue(a, out var title) ? title : null,
                e.Enquiry.Text, null, null, e.Enquiry.CreatedAt, actor.Office, now))
            .Concat(messages.Select(m => Summary(
                m.Id, EnquirySource.Office, null, null, null, false, null, m.Text, m.ContactInfo, m.SenderAddress, m.ReceivedAt, actor.Office, now)));
        return rows.OrderByDescending(r => r.Overdue).ThenBy(r => r.AnswerBy).ThenBy(r => r.CreatedAt).ToList();
    }

    /// <summary>Marks an enquiry (or a message to the office) answered, with who, when and an optional note.</summary>
    public async Task<StaffActionResult> MarkAnsweredAsync(StaffActor actor, Guid id, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return new StaffActionResult(StaffActionStatus.Invalid, $"The note may be at most {MaxNoteLength} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var enquiry = await db.Enquiries.SingleOrDefaultAsync(e => e.Id == id && e.OfficeId == actor.Office, cancellationToken).ConfigureAwait(false);
        if (enquiry is not null)
        {
            if (enquiry.Status == EnquiryStatus.Answered)
            {
                return new StaffActionResult(StaffActionStatus.Conflict, "It is already answered.");
            }

            enquiry.Status = EnquiryStatus.Answered;
            enquiry.AnsweredAt = now;
            enquiry.AnsweredBy = actor.Ident;
            enquiry.AnswerNote = note;
        }
        else
        {
            var office = actor.Office;
            var message = await db.OfficeMessages.SingleOrDefaultAsync(m => m.Id == id && m.OfficeId == office, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return new StaffActionResult(StaffActionStatus.NotFound, "There is no such enquiry in your office.");
            }

            if (message.Status == OfficeMessageStatus.Handled)
            {
                return new StaffActionResult(StaffActionStatus.Conflict, "It is already answered.");
            }

            message.Status = OfficeMessageStatus.Handled;
            message.HandledAt = now;
            message.HandledBy = actor.Ident;
            message.HandledNote = note;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogAnswered(logger, id, actor.Ident.Value);
        events.Publish(new StaffEvent(StaffEventTypes.EnquiryUpdated, actor.Office, now));
        return StaffActionResult.Done;
    }

    /// <summary>The end of the office day <see cref="EnquirySettings.AnswerWithinWorkdays"/> open days after the day it came in.</summary>
    public DateTimeOffset AnswerBy(OfficeId office, DateTimeOffset createdAt)
    {
        var hours = policy.HoursFor(office);
        var day = DateOnly.FromDateTime(hours.ToLocal(createdAt));
        for (var open = 0; open < settings.AnswerWithinWorkdays;)
        {
            day = day.AddDays(1);
            if (hours.IsOpenDay(day))
            {
                open++;
            }
        }

        var local = day.ToDateTime(hours.Closes);
        return new DateTimeOffset(local, hours.TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }

    private EnquirySummary Summary(
        Guid id, EnquirySource source, EnquiryKind? kind, Guid? personId, string? personName, bool mine, string? activity, string? text,
        string? contact, string? sender, DateTimeOffset createdAt, OfficeId office, DateTimeOffset now)
    {
        var answerBy = AnswerBy(office, createdAt);
        return new EnquirySummary(id, source, kind, personId, personName, mine, activity, text, contact, sender, createdAt, answerBy, answerBy <= now);
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Enquiry {EnquiryId} marked answered by {Actor}")]
    private static partial void LogAnswered(ILogger logger, Guid enquiryId, string actor);
}
