using System.Diagnostics.Metrics;
using Dialogue.Cases.Persistence;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Telemetry;

/// <summary>How many rows wait in each queue, as last counted.</summary>
public sealed record QueueDepthSnapshot(long InboxPending, long OutboxPending, long OutboxDead, long EscalationsOpen, DateTimeOffset CountedAt);

/// <summary>
/// Queue depths as observable gauges (<c>dialogue.queue.depth</c>, tagged <c>dialogue.queue</c>). A scrape or export
/// reads the last snapshot only; <see cref="RefreshAsync"/> counts (four cheap counts) and is called by
/// <see cref="QueueDepthSampler"/> on its own interval, so metrics never put a query on a request's path.
/// Before the first count the gauges report nothing.
/// </summary>
public sealed class QueueDepths
{
    public const string GaugeName = "dialogue.queue.depth";
    public const string InboxPending = "inbox.pending";
    public const string OutboxPending = "outbox.pending";
    public const string OutboxDead = "outbox.dead";
    public const string EscalationsOpen = "escalations.open";

    private readonly IDbContextFactory<DialogueDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private volatile QueueDepthSnapshot? _last;

    public QueueDepths(IDbContextFactory<DialogueDbContext> dbFactory, TimeProvider clock, IMeterFactory? meterFactory = null)
    {
        _dbFactory = dbFactory;
        _clock = clock;
        var meter = DialogueMetrics.Create(meterFactory, DialogueTelemetry.QueuesMeterName);
        meter.CreateObservableGauge(GaugeName, Observe, "{item}", "Rows waiting: pending inbox and outbox, dead outbox, open escalations.");
    }

    public QueueDepthSnapshot? Last => _last;

    public async Task<QueueDepthSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = new QueueDepthSnapshot(
            await db.Inbox.LongCountAsync(x => x.Status == InboundStatus.Pending, cancellationToken).ConfigureAwait(false),
            await db.Outbox.LongCountAsync(x => x.Status == OutboundStatus.Pending, cancellationToken).ConfigureAwait(false),
            await db.Outbox.LongCountAsync(x => x.Status == OutboundStatus.Dead, cancellationToken).ConfigureAwait(false),
            await db.Escalations.LongCountAsync(x => x.Status != EscalationStatus.Resolved, cancellationToken).ConfigureAwait(false),
            _clock.GetUtcNow());
        _last = snapshot;
        return snapshot;
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (_last is not { } last)
        {
            return [];
        }

        return
        [
            new(last.InboxPending, new KeyValuePair<string, object?>(DialogueTelemetry.QueueTag, InboxPending)),
            new(last.OutboxPending, new KeyValuePair<string, object?>(DialogueTelemetry.QueueTag, OutboxPending)),
            new(last.OutboxDead, new KeyValuePair<string, object?>(DialogueTelemetry.QueueTag, OutboxDead)),
            new(last.EscalationsOpen, new KeyValuePair<string, object?>(DialogueTelemetry.QueueTag, EscalationsOpen)),
        ];
    }
}

/// <summary>Counts the queues every <c>Telemetry:QueueDepthInterval</c> (registered only when telemetry is on).</summary>
public sealed partial class QueueDepthSampler(QueueDepths depths, TimeSpan interval, TimeProvider clock, ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await depths.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCountFailed(logger, ex);
            }

            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2901, Level = LogLevel.Warning, Message = "Counting the queues for the queue depth gauges failed; the last counts stay")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
