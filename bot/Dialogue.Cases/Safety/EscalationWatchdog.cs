using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>
/// Runs every <see cref="SafetySettings.WatchdogInterval"/>: an acute or high escalation nobody acknowledged by its
/// deadline goes to the office's duty phone and the office lead (team lead), with a note in its history; a person who
/// used to write and has gone silent for <see cref="SafetySettings.SilenceAfter"/> is flagged to their veileder once
/// (a nudge in the inbox, no SMS).
/// </summary>
public sealed partial class EscalationWatchdog(
    IDbContextFactory<DialogueDbContext> dbFactory,
    SafetyPolicy policy,
    StaffEvents events,
    MessagingSignals signals,
    TextCatalog texts,
    TimeProvider clock,
    Replicas.IReplicaLocks locks,
    Telemetry.DialogueMetrics metrics,
    ILogger<EscalationWatchdog> logger) : BackgroundService
{
    public const string Actor = "watchdog";

    /// <summary>The job's lock name: a round runs on one replica at a time (a replica that finds it running skips its round).</summary>
    public const string Job = "watchdog";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Replicas.ReplicaLocksExtensions.RunExclusiveAsync(locks, Job, CheckAsync, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCheckFailed(logger, ex);
            }

            try
            {
                await Task.Delay(policy.Settings.WatchdogInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One round: missed deadlines, then silences. Returns how many escalations went to the backup and how many silences were flagged.</summary>
    public async Task<(int Overdue, int Silences)> CheckAsync(CancellationToken cancellationToken)
    {
        var overdue = await RouteOverdueAsync(cancellationToken).ConfigureAwait(false);
        var silences = await FlagSilencesAsync(cancellationToken).ConfigureAwait(false);
        return (overdue, silences);
    }

    private async Task<int> RouteOverdueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // Few rows (open, with a deadline, not yet routed): the deadline is compared here, since SQLite cannot compare
        // the stored offsets in SQL.
        var candidates = await db.Escalations
            .Where(e => e.Status == EscalationStatus.Open && e.AcknowledgeBy != null && e.RoutedToBackupAt == null)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var routed = 0;
        foreach (var escalation in candidates.Where(e => e.AcknowledgeBy <= now))
        {
            escalation.RoutedToBackupAt = now;
            escalation.Version++;
            var office = escalation.OfficeId;
            var phones = new List<(PhoneNumber Phone, string Who)>();
            if (office is { } id)
            {
                if (await db.Offices.Where(o => o.Id == id).Select(o => o.DutyPhone).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false) is { } duty)
                {
                    phones.Add((duty, "office_duty_phone"));
                }

                var leads = await db.Veiledere.Where(v => v.OfficeId == id && v.Role == StaffRole.TeamLead && v.WorkPhone != null)
                    .Select(v => new { v.Id, v.WorkPhone }).ToListAsync(cancellationToken).ConfigureAwait(false);
                phones.AddRange(leads.Select(l => (l.WorkPhone!.Value, $"team_lead:{l.Id.Value}")));
            }

            foreach (var (phone, _) in phones.DistinctBy(p => p.Phone))
            {
                StaffNotices.Queue(db, texts, phone, StaffNotices.Overdue, now, now);
            }

            var minutes = (int)(now - escalation.CreatedAt).TotalMinutes;
            db.EscalationEvents.Add(new EscalationEvent
            {
                EscalationId = escalation.Id,
                Type = EscalationEventTypes.SlaMissed,
                Actor = Actor,
                // A code, not words: the workspace renders it. Minutes since it was raised, and who was texted.
                Note = $"minutes={minutes};sms={(phones.Count == 0 ? "none" : string.Join(",", phones.Select(p => p.Who).Distinct(StringComparer.Ordinal)))}",
                At = now,
            });

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Acknowledged (or routed by another replica) at the same moment: nothing to do.
                db.ChangeTracker.Clear();
                continue;
            }

            routed++;
            metrics.SlaBreached(escalation.Level);
            LogOverdue(logger, escalation.Id.Value, escalation.Level, office?.Value, phones.Count);
            if (office is { } announced)
            {
                events.Publish(new StaffEvent(StaffEventTypes.EscalationUpdated, announced, now, escalation.Id.Value, Level: escalation.Level));
            }
        }

        if (routed > 0)
        {
            signals.Outbox.Notify();
        }

        return routed;
    }

    private async Task<int> FlagSilencesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = policy.Settings;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var silent = (await db.PersonContacts.Where(c => c.MessageCount >= settings.SilenceMinMessages)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .Where(c => now - c.LastMessageAt >= settings.SilenceAfter && (c.SilenceFlaggedAt is null || c.SilenceFlaggedAt < c.LastMessageAt))
            .ToList();
        var raised = new List<StaffEvent>();
        foreach (var contact in silent)
        {
            var person = await db.Persons.AsNoTracking().Include(p => p.Phones).SingleOrDefaultAsync(p => p.Id == contact.PersonId, cancellationToken).ConfigureAwait(false);
            contact.SilenceFlaggedAt = now;
            if (person is null)
            {
                continue;
            }

            var escalation = new Escalation
            {
                Id = EscalationId.New(),
                Kind = EscalationKind.Silence,
                Level = RiskLevel.None,
                PersonId = person.Id,
                SenderAddress = person.Phones.FirstOrDefault()?.Number.E164 ?? string.Empty,
                OfficeId = person.OfficeId,
                VeilederId = person.VeilederId,
                ChannelId = string.Empty,
                ConversationId = string.Empty,
                SignalsJson = "[]",
                CreatedAt = now,
                OutsideOfficeHours = !policy.HoursFor(person.OfficeId).IsOpen(now),
            };
            db.Escalations.Add(escalation);
            db.EscalationEvents.Add(new EscalationEvent
            {
                EscalationId = escalation.Id,
                Type = EscalationEventTypes.Created,
                Actor = Actor,
                Note = $"silent_days={(int)(now - contact.LastMessageAt).TotalDays};messages={contact.MessageCount}",
                At = now,
            });
            raised.Add(new StaffEvent(StaffEventTypes.EscalationRaised, person.OfficeId, now, escalation.Id.Value, Level: RiskLevel.None));
        }

        if (silent.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var staffEvent in raised)
        {
            events.Publish(staffEvent);
            metrics.EscalationRaised(RiskLevel.None, "silence");
        }

        return raised.Count;
    }

    [LoggerMessage(EventId = 4030, Level = LogLevel.Error, Message = "The escalation watchdog failed; it tries again next round")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Warning,
        Message = "Escalation {EscalationId} ({Level}) not acknowledged in time: sent to the backup of office {OfficeId} ({Phones} phones texted)")]
    private static partial void LogOverdue(ILogger logger, Guid escalationId, RiskLevel level, string? officeId, int phones);
}
