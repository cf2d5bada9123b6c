using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;
using Dialogue.Language;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Scheduling;

/// <summary>Configuration section <c>Schedules</c>.</summary>
public sealed class ScheduleSettings
{
    public const string Section = "Schedules";

    /// <summary>How often the worker looks for due check-ins and reminders.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A check-in this late (the service was down) is skipped rather than started at an odd time.</summary>
    public TimeSpan MissedAfter { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>What one round of <see cref="ScheduledContacts.RunDueAsync"/> did.</summary>
public sealed record ScheduleRound(int CheckInsStarted, int RemindersQueued);

/// <summary>
/// Starts due check-ins and queues due appointment reminders, each exactly once, only between 08:00 and 20:00 in Oslo,
/// never to a number that sent STOPP, and only to a number that is on the person's case and on no other (a shared
/// phone is never told whose case it is). A check-in is started by storing an event activity
/// (<see cref="PlanEvents.CheckInStart"/>) in the inbox for the person's SMS conversation: the normal turn runs the
/// plan conversation's opening, its reply goes out as a proactive SMS, and the person's answer continues the dialog
/// (screened for safety like every message). The inbox row's id is derived from the schedule and its due time, and a
/// reminder has a row per appointment and kind, so a restart or a second replica cannot send one twice.
/// </summary>
public sealed partial class ScheduledContacts(
    IDbContextFactory<DialogueDbContext> dbFactory,
    MessagingSignals signals,
    TextCatalog texts,
    TimeProvider clock,
    ScheduleSettings settings,
    ILogger<ScheduledContacts> logger)
{
    public static readonly TextId ReminderDayBeforeText = new("sms.opener.reminder_day_before");
    public static readonly TextId ReminderSoonText = new("sms.opener.reminder_soon");

    public SensitiveWords Words { get; init; } = SensitiveWords.Default;

    public async Task<ScheduleRound> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!SmsSendingHours.IsOpen(now))
        {
            // Nothing starts at night: due check-ins and reminders wait for 08:00 (reminders only inside their window).
            return new ScheduleRound(0, 0);
        }

        var checkIns = await StartCheckInsAsync(now, cancellationToken).ConfigureAwait(false);
        var reminders = await QueueRemindersAsync(now, cancellationToken).ConfigureAwait(false);
        if (checkIns > 0)
        {
            signals.Inbox.Notify();
        }

        if (reminders > 0)
        {
            signals.Outbox.Notify();
        }

        return new ScheduleRound(checkIns, reminders);
    }

    /// <summary>The SMS conversation's inbox activity id for a check-in due at <paramref name="dueAt"/>: the same on every replica.</summary>
    public static string CheckInActivityId(CheckInScheduleId id, DateTimeOffset dueAt) =>
        FormattableString.Invariant($"checkin-{id.Value:N}-{dueAt.UtcTicks}");

    private async Task<int> StartCheckInsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<CheckInScheduleId> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            due = await db.CheckInSchedules.AsNoTracking().Where(s => s.Active && s.NextDueAt <= now)
                .OrderBy(s => s.NextDueAt).Select(s => s.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var started = 0;
        foreach (var id in due)
        {
            try
            {
                if (await StartOneAsync(id, now, cancellationToken).ConfigureAwait(false))
                {
                    started++;
                }
            }
            catch (DbUpdateException ex)
            {
                // Another replica started (or the veileder changed) it at the same moment; the row tells which.
                LogCheckInRace(logger, ex, id.Value);
            }
        }

        return started;
    }

    private async Task<bool> StartOneAsync(CheckInScheduleId id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var schedule = await db.CheckInSchedules.SingleOrDefaultAsync(s => s.Id == id, cancellationToken).ConfigureAwait(false);
        if (schedule is not { Active: true } || schedule.NextDueAt > now)
        {
            return false;
        }

        var dueAt = schedule.NextDueAt;
        schedule.NextDueAt = CheckInSchedule.NextOccurrence(schedule.Day, schedule.Time, now);
        var outcome = now - dueAt > settings.MissedAfter
            ? ScheduleOutcome.Missed
            : await UsableAsync(db, schedule.PersonId, schedule.Phone, cancellationToken).ConfigureAwait(false);
        schedule.LastOutcome = outcome;
        if (outcome == ScheduleOutcome.Sent)
        {
            schedule.LastStartedAt = now;
            db.Inbox.Add(new InboundActivity
            {
                ChannelId = KnownChannels.Sms,
                ConversationId = schedule.Phone.E164,
                ActivityId = CheckInActivityId(schedule.Id, dueAt),
                ActivityJson = ActivityJson.Serialize(new Activity
                {
                    Type = ActivityTypes.Event,
                    Name = PlanEvents.CheckInStart,
                    Id = CheckInActivityId(schedule.Id, dueAt),
                    ChannelId = KnownChannels.Sms,
                    Conversation = new ConversationAccount { Id = schedule.Phone.E164 },
                    From = new ChannelAccount { Id = schedule.Phone.E164, Role = "user" },
                    Recipient = new ChannelAccount { Id = "dialogue", Role = "bot" },
                    Locale = "nb-NO",
                    Timestamp = now,
                }),
                ExpectReplies = false,
                ReceivedAt = now,
                Status = InboundStatus.Pending,
            });
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogCheckIn(logger, schedule.Id.Value, outcome);
        return outcome == ScheduleOutcome.Sent;
    }

    private async Task<int> QueueRemindersAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<(Appointment Appointment, ReminderSetting Setting)> candidates;
        HashSet<(AppointmentId, ReminderKind)> done;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            // The day-before window opens at most 40 hours ahead of the meeting.
            var horizon = now + TimeSpan.FromHours(40);
            var rows = await (
                from a in db.Appointments.AsNoTracking()
                join r in db.ReminderSettings.AsNoTracking() on a.PersonId equals r.PersonId
                where r.Active && a.StartsAt > now && a.StartsAt <= horizon && a.Attendance != Attendance.NotComing
                select new { a, r }).ToListAsync(cancellationToken).ConfigureAwait(false);
            candidates = rows.Select(x => (x.a, x.r)).ToList();
            var ids = candidates.Select(c => c.Appointment.Id).ToList();
            done = (await db.AppointmentReminders.AsNoTracking().Where(x => ids.Contains(x.AppointmentId))
                .Select(x => new { x.AppointmentId, x.Kind }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(x => (x.AppointmentId, x.Kind)).ToHashSet();
        }

        var queued = 0;
        foreach (var (appointment, setting) in candidates)
        {
            foreach (var kind in (ReminderKind[])[ReminderKind.DayBefore, ReminderKind.Soon])
            {
                var (from, until) = ReminderTimes.Window(kind, appointment.StartsAt);
                if (now < from || now >= until || done.Contains((appointment.Id, kind)))
                {
                    continue;
                }

                try
                {
                    if (await QueueOneAsync(appointment, setting, kind, now, cancellationToken).ConfigureAwait(false))
                    {
                        queued++;
                    }
                }
                catch (DbUpdateException ex)
                {
                    LogReminderRace(logger, ex, appointment.Id.Value, kind);
                }

                // Both windows are never open at once for the same meeting, but one reminder per meeting per round is enough.
                break;
            }
        }

        return queued;
    }

    private async Task<bool> QueueOneAsync(Appointment appointment, ReminderSetting setting, ReminderKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await UsableAsync(db, setting.PersonId, setting.Phone, cancellationToken).ConfigureAwait(false);
        if (outcome == ScheduleOutcome.Sent)
        {
            var person = await db.Persons.AsNoTracking().SingleAsync(p => p.Id == setting.PersonId, cancellationToken).ConfigureAwait(false);
            var text = texts.Render(kind == ReminderKind.DayBefore ? ReminderDayBeforeText : ReminderSoonText, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["name"] = person.FirstName,
                ["time"] = OsloTime.Local(appointment.StartsAt).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            });
            var messages = SmsComposer.Compose([text]).Messages;
            if (messages.Count == 0 || Words.Find(messages[0]) is { Count: > 0 })
            {
                // The reminder shows on the lock screen of a phone others may hold: nothing sensitive in it, ever.
                outcome = ScheduleOutcome.Withheld;
            }
            else
            {
                db.Outbox.AddRange(messages.Select(body => ProactiveSms.SmsToNumber(setting.Phone, body, now, now, proactive: true, "reminder")));
            }
        }

        db.AppointmentReminders.Add(new AppointmentReminder
        {
            AppointmentId = appointment.Id,
            Kind = kind,
            PersonId = setting.PersonId,
            Outcome = outcome,
            At = now,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        LogReminder(logger, appointment.Id.Value, kind, outcome);
        return outcome == ScheduleOutcome.Sent;
    }

    /// <summary>Sent when the number is on this person's case and no other, and has not sent STOPP.</summary>
    private static async Task<ScheduleOutcome> UsableAsync(DialogueDbContext db, PersonId person, PhoneNumber phone, CancellationToken cancellationToken)
    {
        var owners = await db.PersonPhones.AsNoTracking().Where(p => p.Number == phone).Select(p => p.PersonId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (owners.Count != 1 || owners[0] != person)
        {
            return ScheduleOutcome.PhoneNotUsable;
        }

        var optOut = await db.SmsOptOuts.AsNoTracking().SingleOrDefaultAsync(x => x.Phone == phone, cancellationToken).ConfigureAwait(false);
        return optOut is { IsOptedOut: true } ? ScheduleOutcome.OptedOut : ScheduleOutcome.Sent;
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Information, Message = "Check-in schedule {ScheduleId} due: {Outcome}")]
    private static partial void LogCheckIn(ILogger logger, Guid scheduleId, ScheduleOutcome outcome);

    [LoggerMessage(EventId = 2602, Level = LogLevel.Information, Message = "Appointment {AppointmentId} reminder {Kind}: {Outcome}")]
    private static partial void LogReminder(ILogger logger, Guid appointmentId, ReminderKind kind, ScheduleOutcome outcome);

    [LoggerMessage(EventId = 2603, Level = LogLevel.Information, Message = "Check-in schedule {ScheduleId} was handled elsewhere at the same time")]
    private static partial void LogCheckInRace(ILogger logger, Exception exception, Guid scheduleId);

    [LoggerMessage(EventId = 2604, Level = LogLevel.Information, Message = "Appointment {AppointmentId} reminder {Kind} was handled elsewhere at the same time")]
    private static partial void LogReminderRace(ILogger logger, Exception exception, Guid appointmentId, ReminderKind kind);
}

/// <summary>
/// Runs <see cref="ScheduledContacts.RunDueAsync"/> every <see cref="ScheduleSettings.Interval"/>; on several replicas one
/// round at a time across them (a replica that finds a round running skips its own).
/// </summary>
public sealed partial class ScheduleWorker(
    ScheduledContacts contacts, ScheduleSettings settings, Replicas.IReplicaLocks locks, ILogger<ScheduleWorker> logger) : BackgroundService
{
    /// <summary>The job's lock name.</summary>
    public const string Job = "schedules";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Replicas.ReplicaLocksExtensions.RunExclusiveAsync(locks, Job, contacts.RunDueAsync, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(logger, ex);
            }

            try
            {
                await Task.Delay(settings.Interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2605, Level = LogLevel.Error, Message = "Scheduled check-ins and reminders failed this round; they are tried again next round")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}

public static class ScheduleServiceCollectionExtensions
{
    /// <summary>
    /// Scheduled check-ins and appointment reminders, their worker (configuration section <c>Schedules</c>), and the
    /// person page's desk that sets them up.
    /// </summary>
    public static IServiceCollection AddDialogueSchedules(this IServiceCollection services, ScheduleSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<Dialogue.Cases.People.PersonDesk>();
        services.AddSingleton<ScheduledContacts>();
        services.AddHostedService<ScheduleWorker>();
        return services;
    }
}
