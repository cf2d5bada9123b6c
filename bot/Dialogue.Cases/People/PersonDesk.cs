using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.People;

/// <summary>One row of the office's person list.</summary>
public sealed record PersonListItem(PersonId Id, string Name, string VeilederName, IReadOnlyList<PhoneNumber> Phones);

/// <summary>A number on the person's case: whether it is on another case too, and whether it sent STOPP.</summary>
public sealed record LinkedPhone(PhoneNumber Number, bool SharedWithOtherCase, bool OptedOut);

/// <summary>Everything the person page shows (the conversation timeline comes from the journal, separately).</summary>
public sealed record PersonDetails(
    Person Person,
    string VeilederName,
    IReadOnlyList<PlanActivity> Activities,
    IReadOnlyList<Appointment> Appointments,
    IReadOnlyList<LinkedPhone> Phones,
    IReadOnlyList<CheckInSchedule> CheckIns,
    ReminderSetting? Reminders,
    IReadOnlyList<AppointmentReminder> RemindersSent);

/// <summary>What a person-page form did. <see cref="Field"/> names the form field that was wrong, for the error summary.</summary>
public sealed record PersonActionResult(StaffActionStatus Status, string? Code = null, string? Field = null)
{
    public static PersonActionResult Done(string code) => new(StaffActionStatus.Done, code);

    public static PersonActionResult Invalid(string code, string field) => new(StaffActionStatus.Invalid, code, field);

    public static PersonActionResult NotFound { get; } = new(StaffActionStatus.NotFound);
}

/// <summary>A weekly check-in as a veileder enters it (texts from the form, validated here).</summary>
public sealed record CheckInForm(string? Day, string? Time, string? Phone);

/// <summary>
/// What staff do on the person page: read the person's plan, meetings, numbers and schedules; link and unlink phone
/// numbers; issue a one-time web chat code; set up, change, pause and resume weekly check-ins and appointment
/// reminders. Veileder and team lead of the person's office only: anyone else gets <see cref="StaffActionStatus.NotFound"/>
/// (another office's person is never confirmed to exist).
/// </summary>
public sealed class PersonDesk(IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxSearchLength = 100;

    /// <summary>The office's persons, by name; <paramref name="query"/> matches a part of the name or a phone number.</summary>
    public async Task<IReadOnlyList<PersonListItem>> ListAsync(StaffActor actor, string? query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var persons = await db.Persons.AsNoTracking().Include(p => p.Phones).Where(p => p.OfficeId == actor.Office)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var veiledere = await db.Veiledere.AsNoTracking().Where(v => v.OfficeId == actor.Office)
            .ToDictionaryAsync(v => v.Id, v => $"{v.FirstName} {v.LastName}", cancellationToken).ConfigureAwait(false);

        var q = query?.Trim() ?? string.Empty;
        if (q.Length > MaxSearchLength)
        {
            q = q[..MaxSearchLength];
        }

        var phone = PhoneNumber.TryParse(q, out var number) ? number : (PhoneNumber?)null;
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        return persons
            .Where(p => q.Length == 0
                || $"{p.FirstName} {p.LastName}".Contains(q, StringComparison.CurrentCultureIgnoreCase)
                || (phone is { } n && p.Phones.Any(x => x.Number == n))
                || (digits.Length >= 4 && digits.Length == q.Replace(" ", string.Empty, StringComparison.Ordinal).TrimStart('+').Length
                    && p.Phones.Any(x => x.Number.E164.Contains(digits, StringComparison.Ordinal))))
            .OrderBy(p => p.LastName, StringComparer.CurrentCulture).ThenBy(p => p.FirstName, StringComparer.CurrentCulture)
            .Select(p => new PersonListItem(p.Id, $"{p.FirstName} {p.LastName}", veiledere.GetValueOrDefault(p.VeilederId, p.VeilederId.Value),
                p.Phones.Select(x => x.Number).OrderBy(x => x.E164, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>The person page's data, or null when there is no such person in the actor's office.</summary>
    public async Task<PersonDetails?> GetAsync(StaffActor actor, PersonId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var person = await db.Persons.AsNoTracking().Include(p => p.Phones)
            .SingleOrDefaultAsync(p => p.Id == id && p.OfficeId == actor.Office, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            return null;
        }

        var veileder = await db.Veiledere.AsNoTracking().SingleOrDefaultAsync(v => v.Id == person.VeilederId, cancellationToken).ConfigureAwait(false);
        var activities = await db.Activities.AsNoTracking().Where(a => a.PersonId == id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.PersonId == id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var numbers = person.Phones.Select(p => p.Number).ToList();
        var shared = (await db.PersonPhones.AsNoTracking().Where(p => numbers.Contains(p.Number) && p.PersonId != id)
            .Select(p => p.Number).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var optedOut = (await db.SmsOptOuts.AsNoTracking().Where(o => numbers.Contains(o.Phone)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(o => o.IsOptedOut).Select(o => o.Phone).ToHashSet();
        var checkIns = await db.CheckInSchedules.AsNoTracking().Where(s => s.PersonId == id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var reminders = await db.ReminderSettings.AsNoTracking().SingleOrDefaultAsync(r => r.PersonId == id, cancellationToken).ConfigureAwait(false);
        var sent = await db.AppointmentReminders.AsNoTracking().Where(r => r.PersonId == id).ToListAsync(cancellationToken).ConfigureAwait(false);

        return new PersonDetails(
            person,
            veileder is null ? person.VeilederId.Value : $"{veileder.FirstName} {veileder.LastName}",
            [.. activities.OrderBy(a => a.Status is ActivityStatus.Fullfort or ActivityStatus.Avbrutt).ThenBy(a => a.ToDate ?? DateOnly.MaxValue).ThenBy(a => a.Title, StringComparer.CurrentCulture)],
            [.. appointments.OrderBy(a => a.StartsAt)],
            [.. numbers.OrderBy(n => n.E164, StringComparer.Ordinal).Select(n => new LinkedPhone(n, shared.Contains(n), optedOut.Contains(n)))],
            [.. checkIns.OrderBy(s => s.Day == DayOfWeek.Sunday ? 7 : (int)s.Day).ThenBy(s => s.Time)],
            reminders,
            [.. sent.OrderBy(r => r.At)]);
    }

    /// <summary>Links a number. Done as "linked", or "linked-shared" when the number is on another case too (phones are shared).</summary>
    public async Task<PersonActionResult> LinkPhoneAsync(StaffActor actor, PersonId id, string? text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.NotFound;
        }

        if (!PhoneNumber.TryParse(text, out var number))
        {
            return PersonActionResult.Invalid("phone-invalid", "phone");
        }

        if (await db.PersonPhones.AnyAsync(p => p.PersonId == id && p.Number == number, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.Invalid("phone-exists", "phone");
        }

        var shared = await db.PersonPhones.AnyAsync(p => p.Number == number, cancellationToken).ConfigureAwait(false);
        db.PersonPhones.Add(new PersonPhone { PersonId = id, Number = number });
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            return PersonActionResult.Invalid("phone-exists", "phone");
        }

        return PersonActionResult.Done(shared ? "linked-shared" : "linked");
    }

    public async Task<PersonActionResult> UnlinkPhoneAsync(StaffActor actor, PersonId id, string? text, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.NotFound;
        }

        if (!PhoneNumber.TryParse(text, out var number)
            || await db.PersonPhones.SingleOrDefaultAsync(p => p.PersonId == id && p.Number == number, cancellationToken).ConfigureAwait(false) is not { } row)
        {
            return PersonActionResult.Invalid("phone-not-linked", "phone");
        }

        db.PersonPhones.Remove(row);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return PersonActionResult.Done("unlinked");
    }

    /// <summary>A new one-time web chat code for the person (replacing an earlier one); null when not the actor's office.</summary>
    public async Task<IssuedLinkCode?> IssueCodeAsync(StaffActor actor, PersonId id, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        return await LinkCodeIssuer.IssueAsync(dbFactory, id, clock, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PersonActionResult> AddCheckInAsync(StaffActor actor, PersonId id, CheckInForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.NotFound;
        }

        var (error, day, time, phone) = await ValidateAsync(db, id, form, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error;
        }

        var now = clock.GetUtcNow();
        db.CheckInSchedules.Add(new CheckInSchedule
        {
            Id = CheckInScheduleId.New(),
            PersonId = id,
            Phone = phone,
            Day = day,
            Time = time,
            NextDueAt = CheckInSchedule.NextOccurrence(day, time, now),
            UpdatedBy = actor.Ident,
            UpdatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return PersonActionResult.Done("checkin-saved");
    }

    public Task<PersonActionResult> ChangeCheckInAsync(StaffActor actor, PersonId id, Guid scheduleId, CheckInForm form, CancellationToken cancellationToken) =>
        WithScheduleAsync(actor, id, scheduleId, "checkin-saved", async (db, schedule, now) =>
        {
            ArgumentNullException.ThrowIfNull(form);
            var (error, day, time, phone) = await ValidateAsync(db, id, form, cancellationToken).ConfigureAwait(false);
            if (error is not null)
            {
                return error;
            }

            schedule.Change(day, time, phone, actor.Ident, now);
            return null;
        }, cancellationToken);

    public Task<PersonActionResult> PauseCheckInAsync(StaffActor actor, PersonId id, Guid scheduleId, CancellationToken cancellationToken) =>
        WithScheduleAsync(actor, id, scheduleId, "checkin-paused", (_, schedule, now) =>
        {
            schedule.Pause(actor.Ident, now);
            return Task.FromResult<PersonActionResult?>(null);
        }, cancellationToken);

    public Task<PersonActionResult> ResumeCheckInAsync(StaffActor actor, PersonId id, Guid scheduleId, CancellationToken cancellationToken) =>
        WithScheduleAsync(actor, id, scheduleId, "checkin-resumed", (_, schedule, now) =>
        {
            schedule.Resume(actor.Ident, now);
            return Task.FromResult<PersonActionResult?>(null);
        }, cancellationToken);

    /// <summary>Turns appointment reminders on (to <paramref name="phoneText"/>, a number on the case) or pauses them.</summary>
    public async Task<PersonActionResult> SetRemindersAsync(StaffActor actor, PersonId id, bool active, string? phoneText, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.NotFound;
        }

        var setting = await db.ReminderSettings.SingleOrDefaultAsync(r => r.PersonId == id, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (!active)
        {
            if (setting is not null)
            {
                setting.Active = false;
                setting.UpdatedBy = actor.Ident;
                setting.UpdatedAt = now;
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            return PersonActionResult.Done("reminders-saved");
        }

        if (!PhoneNumber.TryParse(phoneText, out var phone)
            || !await db.PersonPhones.AnyAsync(p => p.PersonId == id && p.Number == phone, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.Invalid("phone-not-linked", "reminder-phone");
        }

        if (setting is null)
        {
            db.ReminderSettings.Add(new ReminderSetting { PersonId = id, Phone = phone, Active = true, UpdatedBy = actor.Ident, UpdatedAt = now });
        }
        else
        {
            setting.Phone = phone;
            setting.Active = true;
            setting.UpdatedBy = actor.Ident;
            setting.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return PersonActionResult.Done("reminders-saved");
    }

    private async Task<PersonActionResult> WithScheduleAsync(
        StaffActor actor, PersonId id, Guid scheduleId, string done,
        Func<DialogueDbContext, CheckInSchedule, DateTimeOffset, Task<PersonActionResult?>> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        if (!await OwnAsync(db, actor, id, cancellationToken).ConfigureAwait(false))
        {
            return PersonActionResult.NotFound;
        }

        var key = new CheckInScheduleId(scheduleId);
        var schedule = await db.CheckInSchedules.SingleOrDefaultAsync(s => s.Id == key && s.PersonId == id, cancellationToken).ConfigureAwait(false);
        if (schedule is null)
        {
            return PersonActionResult.NotFound;
        }

        if (await change(db, schedule, clock.GetUtcNow()).ConfigureAwait(false) is { } error)
        {
            return error;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return PersonActionResult.Done(done);
    }

    private static async Task<(PersonActionResult? Error, DayOfWeek Day, TimeOnly Time, PhoneNumber Phone)> ValidateAsync(
        DialogueDbContext db, PersonId id, CheckInForm form, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DayOfWeek>(form.Day, ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(form.Day, out _))
        {
            return (PersonActionResult.Invalid("day", "day"), default, default, default);
        }

        if (!TimeOnly.TryParseExact(form.Time?.Trim().Replace('.', ':'), ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var time) || !CheckInSchedule.IsAllowedTime(time))
        {
            return (PersonActionResult.Invalid("time", "time"), day, default, default);
        }

        if (!PhoneNumber.TryParse(form.Phone, out var phone)
            || !await db.PersonPhones.AnyAsync(p => p.PersonId == id && p.Number == phone, cancellationToken).ConfigureAwait(false))
        {
            return (PersonActionResult.Invalid("phone-not-linked", "checkin-phone"), day, time, default);
        }

        return (null, day, time, phone);
    }

    private static Task<bool> OwnAsync(DialogueDbContext db, StaffActor actor, PersonId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return db.Persons.AnyAsync(p => p.Id == id && p.OfficeId == actor.Office, cancellationToken);
    }
}
