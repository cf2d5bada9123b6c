using System.Collections.Concurrent;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Messaging;

/// <summary>Processes inbox rows that were acknowledged but not yet run: replies-later channels, and whatever a crash left.</summary>
public sealed partial class InboxWorker(TurnProcessor processor, MessagingSignals signals, ILogger<InboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var processed = await processor.ProcessPendingAsync(stoppingToken).ConfigureAwait(false);
                if (processed > 0)
                {
                    continue;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogInboxFailed(logger, ex);
            }

            try
            {
                await signals.Inbox.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Inbox processing failed; pending activities stay stored and are retried")]
    private static partial void LogInboxFailed(ILogger logger, Exception exception);
}

public enum DeliveryOutcome
{
    Sent,

    /// <summary>A passing failure (timeout, 5xx, 429): try again later.</summary>
    Retry,

    /// <summary>The channel refused it for good (4xx): retrying cannot help.</summary>
    Rejected,

    /// <summary>Not tried now (outside the channel's sending hours): try again after <see cref="DeliveryResult.RetryAfter"/>; no attempt counted.</summary>
    Deferred,
}

public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Sent { get; } = new(DeliveryOutcome.Sent);

    /// <summary>The provider's id for the message (Twilio's message sid), kept to match later delivery receipts.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>The provider's delivery status when it answered (queued, accepted; suppressed when never sent).</summary>
    public string? ProviderStatus { get; init; }

    /// <summary>The provider's error code when it refused the message.</summary>
    public string? ProviderErrorCode { get; init; }
}

/// <summary>Sends one outbox row to its channel.</summary>
public interface IOutboundTransport
{
    Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends outbox rows in order per conversation, with exponential backoff on passing failures. A row that keeps
/// failing is marked dead with its last error rather than dropped, so staff can see that a reply never arrived.
/// A conversation's rows are sent under its outbox lock (<see cref="IReplicaLocks"/>), re-read once the lock is held,
/// so two dispatchers (two replicas) never send the same row and never reorder a conversation. Sending is
/// at-least-once only across a crash: a process that dies after the channel accepted a row but before its Sent
/// status was committed leaves it pending, and it is sent once more (one extra copy per row per such crash). At most
/// one row per conversation is in flight, and at most <see cref="OutboxSettings.Parallelism"/> conversations per
/// dispatcher, so a crash repeats at most that many rows per replica.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<DialogueDbContext> dbFactory,
    IOutboundTransport transport,
    MessagingSignals signals,
    IReplicaLocks locks,
    OutboxSettings settings,
    Dialogue.Framework.Turns.ITransientFailures transientFailures,
    TimeProvider clock,
    Telemetry.DialogueMetrics metrics,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const int MaxAttempts = 12;
    private const int SaveAttempts = 8;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogDispatchFailed(logger, ex);
            }

            try
            {
                await signals.Outbox.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Sends every row that is due, oldest first; a conversation whose earlier reply is waiting holds back the later ones.
    /// Up to <see cref="OutboxSettings.Parallelism"/> conversations are sent at once, so one slow or hanging send (a
    /// Twilio call that times out) does not hold back every other person's reply — among them the emergency numbers.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        List<(string ChannelId, string ConversationId)> conversations;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            var pending = await db.Outbox.AsNoTracking().Where(x => x.Status == OutboundStatus.Pending).OrderBy(x => x.Id).Take(200)
                .Select(x => new { x.ChannelId, x.ConversationId }).ToListAsync(cancellationToken).ConfigureAwait(false);
            conversations = pending.Select(x => (x.ChannelId, x.ConversationId)).Distinct().ToList();
        }

        // Conversations nobody is sending are done first; those another dispatcher is sending are waited for after,
        // and then usually found sent already.
        var sent = 0;
        var busy = new ConcurrentQueue<(string ChannelId, string ConversationId)>();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(conversations, parallel, async (conversation, ct) =>
        {
            var (channelId, conversationId) = conversation;
            var held = await locks.TryAcquireAsync(ReplicaLockNames.Outbox(channelId, conversationId), ct).ConfigureAwait(false);
            if (held is null)
            {
                busy.Enqueue(conversation);
                return;
            }

            await using (held.ConfigureAwait(false))
            {
                Interlocked.Add(ref sent, await DispatchConversationAsync(channelId, conversationId, ct).ConfigureAwait(false));
            }
        }).ConfigureAwait(false);

        await Parallel.ForEachAsync(busy, parallel, async (conversation, ct) =>
        {
            var (channelId, conversationId) = conversation;
            var held = await locks.AcquireAsync(ReplicaLockNames.Outbox(channelId, conversationId), ct).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                Interlocked.Add(ref sent, await DispatchConversationAsync(channelId, conversationId, ct).ConfigureAwait(false));
            }
        }).ConfigureAwait(false);

        return sent;
    }

    /// <summary>Sends one conversation's due rows in order; the caller holds its outbox lock, so the rows read here are current.</summary>
    private async Task<int> DispatchConversationAsync(string channelId, string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Outbox
            .Where(x => x.Status == OutboundStatus.Pending && x.ChannelId == channelId && x.ConversationId == conversationId)
            .OrderBy(x => x.Id).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;
        foreach (var row in rows)
        {
            // Proactive messages keep their own order: one waiting for sending hours never holds back an answer,
            // while a waiting answer holds back both.
            var lane = row.Proactive ? "proactive" : "answers";
            if (blocked.Contains(lane) || row.NextAttemptAt > clock.GetUtcNow())
            {
                blocked.Add(lane);
                blocked.Add("proactive");
                continue;
            }

            DeliveryResult result;
            try
            {
                result = await transport.SendAsync(row, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                result = new DeliveryResult(DeliveryOutcome.Retry, ex.Message);
            }

            Apply(row, result);
            if (row.Status == OutboundStatus.Sent)
            {
                sent++;
            }
            else
            {
                blocked.Add(lane);
                blocked.Add("proactive");
            }

            await SaveOutcomeAsync(db, row, cancellationToken).ConfigureAwait(false);
        }

        return sent;
    }

    /// <summary>
    /// Stores what the channel said about a row. Once a message has gone out, losing its "sent" mark means sending it
    /// again, so a save that fails because the database is busy or briefly away (SQLite locked by another writer,
    /// PostgreSQL restarting) is tried again for about half a minute before the row is left pending.
    /// </summary>
    private async Task SaveOutcomeAsync(DialogueDbContext db, OutboundActivity row, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < SaveAttempts && transientFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                LogSaveRetry(logger, row.Id, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Apply(OutboundActivity row, DeliveryResult result)
    {
        var now = clock.GetUtcNow();
        row.ProviderMessageId = result.ProviderMessageId ?? row.ProviderMessageId;
        row.DeliveryErrorCode = result.ProviderErrorCode ?? row.DeliveryErrorCode;
        if (result.ProviderStatus is { } status)
        {
            row.DeliveryStatus = status;
            row.DeliveryStatusAt = now;
        }

        if (result.Outcome == DeliveryOutcome.Deferred)
        {
            row.NextAttemptAt = now + (result.RetryAfter ?? PollInterval);
            return;
        }

        row.Attempts++;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Sent:
                row.Status = OutboundStatus.Sent;
                row.SentAt = now;
                row.LastError = null;
                break;
            case DeliveryOutcome.Retry when row.Attempts < MaxAttempts:
                var backoff = TimeSpan.FromSeconds(Math.Pow(2, row.Attempts));
                var wait = result.RetryAfter ?? (backoff < MaxBackoff ? backoff : MaxBackoff);
                row.NextAttemptAt = now + wait;
                row.LastError = result.Error;
                LogRetry(logger, row.Id, row.Attempts, wait.TotalSeconds, result.Error);
                break;
            default:
                row.Status = OutboundStatus.Dead;
                row.LastError = result.Error;
                if (string.Equals(row.ChannelId, "sms", StringComparison.OrdinalIgnoreCase))
                {
                    metrics.SmsNotDelivered("dead", row.DeliveryErrorCode);
                }

                LogDead(logger, row.Id, $"{row.ChannelId}/{row.ConversationId}", row.Attempts, result.Error);
                break;
        }
    }

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning,
        Message = "Could not store the outcome of outbound {OutboundId} (attempt {Attempt}): the database is busy or away; trying again")]
    private static partial void LogSaveRetry(ILogger logger, long outboundId, int attempt);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Outbox dispatch failed; rows stay pending and are retried")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning,
        Message = "Outbound {OutboundId} failed (attempt {Attempt}); retrying in {WaitSeconds:0} s: {Error}")]
    private static partial void LogRetry(ILogger logger, long outboundId, int attempt, double waitSeconds, string? error);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error,
        Message = "Outbound {OutboundId} to {ConversationId} given up after {Attempts} attempts: {Error}")]
    private static partial void LogDead(ILogger logger, long outboundId, string conversationId, int attempts, string? error);
}
