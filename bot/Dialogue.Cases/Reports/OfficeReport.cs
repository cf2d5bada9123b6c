using System.Globalization;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Cases.Sms;
using Dialogue.Framework.Prompts;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Reports;

/// <summary>One calendar week (Monday 00:00 to the next Monday, in the office's time zone) of a report.</summary>
public sealed record ReportWeek(int IsoYear, int IsoWeek, DateOnly Monday, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>"2026-W47".</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{IsoYear}-W{IsoWeek:00}");
}

/// <summary>The weeks a report covers: the current (partial) week and the ones before it, oldest first.</summary>
public sealed record ReportPeriod(IReadOnlyList<ReportWeek> Weeks)
{
    public const int DefaultWeeks = 12;

    public DateTimeOffset From => Weeks[0].Start;

    public DateTimeOffset To => Weeks[^1].End;

    /// <summary>The last <paramref name="count"/> weeks up to and including the one <paramref name="now"/> is in.</summary>
    public static ReportPeriod LastWeeks(int count, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(zone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = new List<ReportWeek>(count);
        for (var i = count - 1; i >= 0; i--)
        {
            var start = monday.AddDays(-7 * i);
            var date = start.ToDateTime(TimeOnly.MinValue);
            weeks.Add(new ReportWeek(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date), start, Midnight(start, zone), Midnight(start.AddDays(7), zone)));
        }

        return new ReportPeriod(weeks);
    }

    /// <summary>The week an instant falls in, or null when it is outside the period.</summary>
    public ReportWeek? WeekOf(DateTimeOffset at) => Weeks.FirstOrDefault(w => w.Start <= at && at < w.End);

    private static DateTimeOffset Midnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>Escalations raised in one week, by level (silence nudges are not risk and are left out).</summary>
public sealed record EscalationWeek(ReportWeek Week, int Acute, int High, int Moderate)
{
    public int Total => Acute + High + Moderate;
}

/// <summary>
/// How fast one level's escalations raised in the period were acknowledged, against its SLA target. Times are SLA
/// time (acute: wall time from the office's opening; high: office time), as <see cref="SlaPolicy.TimeUsed"/> counts.
/// </summary>
/// <param name="Acknowledged">Acknowledged (also by "in contact", a takeover or resolving).</param>
/// <param name="WithinSla">Acknowledged by the deadline the escalation was given.</param>
/// <param name="NotAcknowledged">Not acknowledged, and the deadline has passed.</param>
/// <param name="Pending">Not acknowledged, deadline still ahead: not counted in the share.</param>
/// <param name="RoutedToBackup">Missed the deadline and went to the duty phone and the team lead.</param>
public sealed record SlaLevel(
    RiskLevel Level, TimeSpan Target, int Acknowledged, int WithinSla, int NotAcknowledged, int Pending, int RoutedToBackup,
    TimeSpan? Median, TimeSpan? Percentile90)
{
    /// <summary>Within SLA out of all that are decided (acknowledged, or past the deadline); null when none are.</summary>
    public double? ShareWithinSla => Acknowledged + NotAcknowledged == 0 ? null : (double)WithinSla / (Acknowledged + NotAcknowledged);
}

/// <summary>
/// Check-ins that reached the recap in one week: the person confirmed the summary, or said it was wrong (saved with
/// their correction). Check-ins that stopped before the recap leave no row, so they cannot be counted.
/// </summary>
public sealed record CheckInWeek(ReportWeek Week, int Confirmed, int Corrected)
{
    public int Total => Confirmed + Corrected;
}

/// <summary>SMS to the office's people and staff phones sent in one week that the network reported failed or undelivered, by Twilio error code ("" = none given).</summary>
public sealed record SmsFailureWeek(ReportWeek Week, IReadOnlyDictionary<string, int> ByErrorCode)
{
    public int Total => ByErrorCode.Values.Sum();
}

/// <summary>The numbers for an office's dashboard.</summary>
public sealed record OfficeReport(
    OfficeId Office,
    DateTimeOffset GeneratedAt,
    ReportPeriod Period,
    IReadOnlyList<EscalationWeek> Escalations,
    IReadOnlyList<SlaLevel> Sla,
    IReadOnlyList<CheckInWeek> CheckIns,
    IReadOnlyList<SmsFailureWeek> SmsFailures)
{
    /// <summary>Every error code seen in the period, most frequent first.</summary>
    public IReadOnlyList<string> SmsErrorCodes => SmsFailures.SelectMany(w => w.ByErrorCode)
        .GroupBy(p => p.Key, StringComparer.Ordinal)
        .OrderByDescending(g => g.Sum(p => p.Value)).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => g.Key).ToList();
}

/// <summary>
/// Builds an office's report from its escalations and their history, conversation summaries and the SMS outbox. Reads
/// only the office's own rows, over a bounded window (the report's weeks), and aggregates in memory (SQLite stores
/// times as ticks, so grouping by week in SQL would differ per provider).
/// </summary>
public sealed class OfficeReports(IDbContextFactory<DialogueDbContext> dbFactory, SafetyPolicy policy, TimeProvider clock)
{
    /// <summary>Events that mean someone at the office has seen the escalation (used when the acknowledgement time is missing).</summary>
    private static readonly string[] SeenEvents =
    [
        EscalationEventTypes.Acknowledged, EscalationEventTypes.InContact, EscalationEventTypes.HandoffStarted, EscalationEventTypes.Resolved,
    ];

    /// <summary>The report for the last <paramref name="weeks"/> weeks, in the office's time zone.</summary>
    public Task<OfficeReport> ForOfficeAsync(OfficeId office, int weeks, CancellationToken cancellationToken) =>
        BuildAsync(office, ReportPeriod.LastWeeks(weeks, clock.GetUtcNow(), policy.HoursFor(office).TimeZone), cancellationToken);

    public async Task<OfficeReport> BuildAsync(OfficeId office, ReportPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var now = clock.GetUtcNow();
        var (from, to) = (period.From, period.To);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        var escalations = await db.Escalations.AsNoTracking()
            .Where(e => e.OfficeId == office && e.Kind == EscalationKind.Risk && e.CreatedAt >= from && e.CreatedAt < to)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var unacknowledged = escalations.Where(e => e.AcknowledgedAt is null).Select(e => e.Id).ToList();
        var seen = unacknowledged.Count == 0
            ? []
            : (await db.EscalationEvents.AsNoTracking()
                .Where(v => unacknowledged.Contains(v.EscalationId) && SeenEvents.Contains(v.Type))
                .Select(v => new { v.EscalationId, v.At })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .GroupBy(v => v.EscalationId).ToDictionary(g => g.Key, g => g.Min(v => v.At));

        var summaries = await db.Summaries.AsNoTracking()
            .Where(s => s.CreatedAt >= from && s.CreatedAt < to)
            .Join(db.Persons.Where(p => p.OfficeId == office), s => s.PersonId, p => p.Id, (s, _) => new { s.CreatedAt, s.Confirmed })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var numbers = await OfficeNumbersAsync(db, office, cancellationToken).ConfigureAwait(false);
        var failures = numbers.Count == 0
            ? []
            : await db.Outbox.AsNoTracking()
                .Where(x => x.ChannelId == KnownChannels.Sms && x.CreatedAt >= from && x.CreatedAt < to
                    && (x.DeliveryStatus == SmsDeliveryStatus.Failed || x.DeliveryStatus == SmsDeliveryStatus.Undelivered)
                    && numbers.Contains(x.ConversationId))
                .Select(x => new { x.CreatedAt, x.DeliveryErrorCode })
                .ToListAsync(cancellationToken).ConfigureAwait(false);

        var escalationWeeks = period.Weeks.Select(w =>
        {
            var inWeek = escalations.Where(e => w.Start <= e.CreatedAt && e.CreatedAt < w.End).ToList();
            return new EscalationWeek(w, inWeek.Count(e => e.Level == RiskLevel.Acute), inWeek.Count(e => e.Level == RiskLevel.High),
                inWeek.Count(e => e.Level == RiskLevel.Moderate));
        }).ToList();

        var hours = policy.HoursFor(office);
        var sla = new[] { RiskLevel.Acute, RiskLevel.High }.Select(level =>
        {
            var target = policy.Sla.Target(level)!.Value;
            var ofLevel = escalations.Where(e => e.Level == level && e.AcknowledgeBy is not null).ToList();
            var used = new List<TimeSpan>();
            int within = 0, missed = 0, pending = 0;
            foreach (var e in ofLevel)
            {
                var acknowledgedAt = e.AcknowledgedAt ?? (seen.TryGetValue(e.Id, out var at) ? at : null);
                if (acknowledgedAt is { } ack)
                {
                    used.Add(policy.Sla.TimeUsed(level, e.CreatedAt, ack, hours)!.Value);
                    within += ack <= e.AcknowledgeBy!.Value ? 1 : 0;
                }
                else if (now > e.AcknowledgeBy!.Value)
                {
                    missed++;
                }
                else
                {
                    pending++;
                }
            }

            used.Sort();
            return new SlaLevel(level, target, used.Count, within, missed, pending, ofLevel.Count(e => e.RoutedToBackupAt is not null),
                Percentile(used, 0.5), Percentile(used, 0.9));
        }).ToList();

        var checkIns = period.Weeks.Select(w =>
        {
            var inWeek = summaries.Where(s => w.Start <= s.CreatedAt && s.CreatedAt < w.End).ToList();
            return new CheckInWeek(w, inWeek.Count(s => s.Confirmed), inWeek.Count(s => !s.Confirmed));
        }).ToList();

        var sms = period.Weeks.Select(w => new SmsFailureWeek(w, failures
            .Where(f => w.Start <= f.CreatedAt && f.CreatedAt < w.End)
            .GroupBy(f => f.DeliveryErrorCode ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal))).ToList();

        return new OfficeReport(office, now, period, escalationWeeks, sla, checkIns, sms);
    }

    /// <summary>Nearest-rank percentile of sorted values; null when there are none.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>The phone numbers an office's SMS go to: its people's, its staff's work phones and its duty phone.</summary>
    private static async Task<List<string>> OfficeNumbersAsync(DialogueDbContext db, OfficeId office, CancellationToken cancellationToken)
    {
        var people = await db.PersonPhones.AsNoTracking()
            .Join(db.Persons.Where(p => p.OfficeId == office), x => x.PersonId, p => p.Id, (x, _) => x.Number)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var staff = await db.Veiledere.AsNoTracking().Where(v => v.OfficeId == office).Select(v => v.WorkPhone)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var duty = await db.Offices.AsNoTracking().Where(o => o.Id == office).Select(o => o.DutyPhone)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return people.Select(n => n.E164)
            .Concat(staff.Concat(duty).Where(n => n is not null).Select(n => n!.Value.E164))
            .Distinct(StringComparer.Ordinal).ToList();
    }
}
