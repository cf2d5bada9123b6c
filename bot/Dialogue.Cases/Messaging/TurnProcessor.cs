using System.Text.Json;
using System.Text.Json.Nodes;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Dialogue.Cases.Telemetry;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Messaging;

/// <summary>What the inbox did with an inbound activity: its row, the row's conversation, and whether it was a repeat.</summary>
public sealed record InboxReceipt(long InboundId, ConversationKey Conversation, bool Duplicate);

/// <summary>
/// Stores inbound activities in the inbox and runs each exactly once. A turn runs under its conversation's lock
/// (<see cref="IReplicaLocks"/>: across replicas on PostgreSQL);
/// its state, the inbox row's status and its replies (and for channels that get replies later, the outbox rows)
/// are committed in one transaction, with optimistic concurrency on the state. On a conflict the turn is run again
/// on fresh state; its replies were only buffered, so nothing is said twice.
/// </summary>
public sealed partial class TurnProcessor(
    IDbContextFactory<DialogueDbContext> dbFactory,
    TurnPipeline pipeline,
    TextCatalog texts,
    TimeProvider clock,
    IReplicaLocks locks,
    MessagingSignals signals,
    IEnumerable<IReplyPacker> packers,
    IEnumerable<ITurnServices> turnServices,
    IEnumerable<ITurnCommitListener> commitListeners,
    DialogueMetrics metrics,
    SqliteTurnSync turnSync,
    ILogger<TurnProcessor> logger)
{
    private readonly Dictionary<string, IReplyPacker> packersByChannel =
        packers.ToDictionary(p => p.ChannelId, StringComparer.OrdinalIgnoreCase);

    private const int MaxCommitAttempts = 10;
    private static readonly TimeSpan ExpectRepliesGrace = TimeSpan.FromMinutes(1);

    /// <summary>Stores the activity durably. A repeat of an activity already stored is reported as a duplicate.</summary>
    public async Task<InboxReceipt> ReceiveAsync(Activity activity, CancellationToken cancellationToken)
    {
        var row = NewRow(activity);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Inbox.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            await using var lookup = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var existing = await lookup.Inbox.AsNoTracking()
                .Where(x => x.ChannelId == row.ChannelId && x.ConversationId == row.ConversationId && x.ActivityId == row.ActivityId)
                .Select(x => (long?)x.Id)
                .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                throw;
            }

            LogDuplicate(logger, $"{row.ChannelId}/{row.ConversationId}", row.ActivityId);
            return new InboxReceipt(existing.Value, new ConversationKey(row.ChannelId, row.ConversationId), Duplicate: true);
        }

        if (!row.ExpectReplies)
        {
            signals.Inbox.Notify();
        }

        return new InboxReceipt(row.Id, new ConversationKey(row.ChannelId, row.ConversationId), Duplicate: false);
    }

    /// <summary>
    /// For a caller that waits for the replies (<c>expectReplies</c>): stores the activity and runs its turn in one
    /// transaction, under the conversation's lock, and returns the replies. Nothing is acknowledged before the commit,
    /// so nothing needs to be stored before the turn: if the process dies first, nothing was committed and the caller,
    /// having had no answer, sends the activity again. A repeat of an activity already stored (a retry, or the same
    /// activity sent at once twice: the second waits for the lock) is answered with the stored replies, or, if it is
    /// still pending (stored by another path), run once now; never run twice. One durable commit per turn instead of
    /// two (inbox row, then turn).
    /// </summary>
    public async Task<IReadOnlyList<Activity>> ReceiveAndProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        var fresh = NewRow(activity);
        var key = new ConversationKey(fresh.ChannelId, fresh.ConversationId);
        return await MeasuredAsync(null, key, async () =>
        {
            var held = await locks.AcquireAsync(ReplicaLockNames.Turn(key.StateKey), cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                return await RunWithRetriesAsync(new TurnInput(null, fresh, activity), key, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private InboundActivity NewRow(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity.Id ??= $"dialogue-{Guid.NewGuid():N}";
        return new InboundActivity
        {
            ChannelId = activity.ChannelId ?? throw new ArgumentException("The activity has no channelId.", nameof(activity)),
            ConversationId = activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity)),
            ActivityId = activity.Id,
            ActivityJson = ActivityJson.Serialize(activity),
            ExpectReplies = string.Equals(activity.DeliveryMode, DeliveryModes.ExpectReplies, StringComparison.Ordinal),
            ReceivedAt = clock.GetUtcNow(),
            Status = InboundStatus.Pending,
        };
    }

    /// <summary>What a turn runs on: a stored inbox row (by id), or an activity not stored yet (stored with the turn).</summary>
    private sealed class TurnInput(long? inboundId, InboundActivity? fresh, Activity? parsed = null)
    {
        private Activity? _parsed = parsed;

        public long? InboundId => inboundId;

        public InboundActivity? Fresh => fresh;

        /// <summary>The caller's parsed activity, for the first attempt only: a turn may change it, so a retry reads the stored JSON.</summary>
        public Activity? TakeParsed() => Interlocked.Exchange(ref _parsed, null);
    }

    /// <summary>Runs the turn for a received activity if nobody has yet, and returns its replies either way.</summary>
    public Task<IReadOnlyList<Activity>> ProcessAsync(InboxReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return ProcessAsync(receipt.InboundId, receipt.Conversation, cancellationToken);
    }

    /// <summary>
    /// Runs the turn for an inbox row if nobody has yet, and returns its replies either way. <paramref name="key"/> is
    /// the row's conversation (known to every caller: the receipt or the pending query), so the lock is taken without
    /// reading the row first; the turn reads the row once, under the lock, and checks it belongs to that conversation.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> ProcessAsync(long inboundId, ConversationKey key, CancellationToken cancellationToken) =>
        await MeasuredAsync(inboundId, key, async () =>
        {
            var held = await locks.AcquireAsync(ReplicaLockNames.Turn(key.StateKey), cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                return await RunWithRetriesAsync(new TurnInput(inboundId, null), key, cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);

    /// <summary>Runs the turn for an inbox row while its conversation's lock is held.</summary>
    private Task<IReadOnlyList<Activity>> ProcessHeldAsync(long inboundId, ConversationKey key, CancellationToken cancellationToken) =>
        MeasuredAsync(inboundId, key, () => RunWithRetriesAsync(new TurnInput(inboundId, null), key, cancellationToken));

    /// <summary>
    /// Telemetry: one span and one duration per turn (lock wait, retries and commit included). Tagged with the
    /// channel and inbox row id only: a conversation id can be a phone number.
    /// </summary>
    private async Task<IReadOnlyList<Activity>> MeasuredAsync(long? inboundId, ConversationKey key, Func<Task<IReadOnlyList<Activity>>> turn)
    {
        var started = clock.GetTimestamp();
        using var span = DialogueTelemetry.Turns.StartActivity("dialogue.turn");
        span?.SetTag(DialogueTelemetry.ChannelTag, DialogueTelemetry.Channel(key.ChannelId));
        if (inboundId is { } id)
        {
            span?.SetTag(DialogueTelemetry.InboundIdTag, id);
        }
        try
        {
            var replies = await turn().ConfigureAwait(false);
            metrics.TurnFinished(key.ChannelId, "completed", clock.GetElapsedTime(started));
            return replies;
        }
        catch (Exception ex)
        {
            metrics.TurnFinished(key.ChannelId, "error", clock.GetElapsedTime(started));
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<IReadOnlyList<Activity>> RunWithRetriesAsync(TurnInput input, ConversationKey key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunTurnOnceAsync(input, key, cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (attempt < MaxCommitAttempts)
            {
                // Another writer (a concurrent insert of a new state row, a writer outside the turn lock, or the same
                // activity stored by another path meanwhile: found and answered on the next attempt) got there first.
                LogCommitConflict(logger, ex, key.ToString(), attempt);
            }
        }
    }

    /// <summary>
    /// Processes every stored but unprocessed activity, oldest first per conversation (after a crash, or queued for
    /// later replies); a row whose request is still waiting for its replies (expectReplies) is left to that request for
    /// a minute. Conversations whose lock is free are done first, so replicas working through the same rows spread over
    /// different conversations; those busy elsewhere are waited for afterwards (usually finished by then: the row is
    /// found processed and not run again). Returns how many were processed; a row that fails stays pending.
    /// </summary>
    public async Task<int> ProcessPendingAsync(CancellationToken cancellationToken)
    {
        List<(long Id, ConversationKey Key)> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            // A request waiting for its replies (expectReplies) runs its own turn; the worker only picks such a row up
            // when that request has evidently died with it.
            var abandonedBefore = clock.GetUtcNow() - ExpectRepliesGrace;
            pending = (await db.Inbox.AsNoTracking()
                .Where(x => x.Status == InboundStatus.Pending && (!x.ExpectReplies || x.ReceivedAt < abandonedBefore))
                .OrderBy(x => x.Id).Select(x => new { x.Id, x.ChannelId, x.ConversationId }).Take(200)
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(x => (x.Id, new ConversationKey(x.ChannelId, x.ConversationId))).ToList();
        }

        var processed = 0;
        var busy = new List<IGrouping<string, (long Id, ConversationKey Key)>>();
        foreach (var conversation in pending.GroupBy(x => x.Key.StateKey, StringComparer.Ordinal))
        {
            var held = await locks.TryAcquireAsync(ReplicaLockNames.Turn(conversation.Key), cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                busy.Add(conversation);
                continue;
            }

            await using (held.ConfigureAwait(false))
            {
                processed += await ProcessRowsAsync(conversation, locked: true, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var conversation in busy)
        {
            processed += await ProcessRowsAsync(conversation, locked: false, cancellationToken).ConfigureAwait(false);
        }

        return processed;
    }

    private async Task<int> ProcessRowsAsync(IEnumerable<(long Id, ConversationKey Key)> rows, bool locked, CancellationToken cancellationToken)
    {
        var processed = 0;
        foreach (var (id, key) in rows)
        {
            try
            {
                if (locked)
                {
                    await ProcessHeldAsync(id, key, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ProcessAsync(id, key, cancellationToken).ConfigureAwait(false);
                }

                processed++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One row that cannot be run (e.g. the database hiccuped) must not hold back the others; it stays
                // pending and is tried again on the next round.
                LogPendingFailed(logger, ex, id);
            }
        }

        return processed;
    }

    private async Task<IReadOnlyList<Activity>> RunTurnOnceAsync(TurnInput input, ConversationKey key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // SQLite: one connection for the whole turn instead of one per statement. Every open and close of a pooled
        // Microsoft.Data.Sqlite connection registers and removes EF's SQL functions on it again, a measurable share of
        // a turn's CPU. (No read transaction is held between statements, so this does not hold back checkpoints.)
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (sqlite)
            {
                // Group commit (Database:SqliteSynchronous=Full): the turn's commit is synced together with others'.
                await turnSync.BeginTurnAsync(db, cancellationToken).ConfigureAwait(false);
            }

            return await RunTurnAsync(db, input, key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (sqlite)
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<Activity>> RunTurnAsync(DialogueDbContext db, TurnInput input, ConversationKey key, CancellationToken cancellationToken)
    {
        InboundActivity row;
        var isNew = false;
        if (input.Fresh is { } fresh)
        {
            // Not stored yet: stored with the turn, unless it already is (a repeat, answered from the stored row).
            var stored = await TurnQueries.InboxByKeyAsync(db, fresh.ChannelId, fresh.ConversationId, fresh.ActivityId, cancellationToken)
                .ConfigureAwait(false);
            if (stored is null)
            {
                // A new instance per attempt: a failed save may have left values on the last one.
                row = new InboundActivity
                {
                    ChannelId = fresh.ChannelId,
                    ConversationId = fresh.ConversationId,
                    ActivityId = fresh.ActivityId,
                    ActivityJson = fresh.ActivityJson,
                    ExpectReplies = fresh.ExpectReplies,
                    ReceivedAt = fresh.ReceivedAt,
                    Status = InboundStatus.Pending,
                };
                isNew = true;
            }
            else
            {
                LogDuplicate(logger, key.ToString(), fresh.ActivityId);
                row = stored;
            }
        }
        else
        {
            var inboundId = input.InboundId!.Value;
            row = await TurnQueries.InboxByIdAsync(db, inboundId, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(row.ChannelId, key.ChannelId, StringComparison.Ordinal)
            || !string.Equals(row.ConversationId, key.ConversationId, StringComparison.Ordinal))
        {
            // The lock held is the conversation's the caller named; running another conversation's row under it would
            // break the one-turn-at-a-time guarantee.
            throw new InvalidOperationException($"Inbox row {row.Id} does not belong to the conversation it was run under.");
        }

        if (row.Status != InboundStatus.Pending)
        {
            // Answered from another turn's commit, which may still be waiting for its sync: nothing is acknowledged
            // before it is on disk.
            await turnSync.SyncAsync(cancellationToken).ConfigureAwait(false);
            return ParseReplies(row.RepliesJson);
        }

        var parsed = input.TakeParsed();
        var activity = (isNew ? parsed : null) ?? TryReadActivity(row.ActivityJson);
        if (activity is null)
        {
            // Stored, but not an activity we can read (only possible if the row was written by something else):
            // running it again can never succeed, so it is set aside as failed, with the error logged.
            LogUnreadable(logger, row.Id);
            row.Status = InboundStatus.Failed;
            row.ProcessedAt = clock.GetUtcNow();
            row.Version++;
            if (isNew)
            {
                db.Inbox.Add(row);
            }

            await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);
            await turnSync.SyncAsync(CancellationToken.None).ConfigureAwait(false);
            return [];
        }

        var conversationKey = new ConversationKey(row.ChannelId, row.ConversationId).StateKey;
        var userKey = new UserKey(row.ChannelId, activity.From?.Id ?? "unknown").StateKey;
        var records = new Dictionary<string, StateRecord>(2, StringComparer.Ordinal);
        await foreach (var record in TurnQueries.States(db, conversationKey, userKey).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            records[record.Key] = record;
        }

        var conversationJson = records.GetValueOrDefault(conversationKey)?.Json;
        var userJson = records.GetValueOrDefault(userKey)?.Json;

        var turn = new TurnContext(activity, ParseState(conversationJson), ParseState(userJson), texts, clock);
        turn.Provide<IPlanStore>(new EfPlanStore(db));
        var keeps = new TurnKeeps();
        turn.Provide(keeps);
        foreach (var services in turnServices)
        {
            services.Provide(turn, db);
        }
        var outcome = await pipeline.RunAsync(turn, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();

        if (outcome == TurnOutcome.Failed)
        {
            // Whatever the failed turn changed in the plan is dropped with its state; only the inbox row is kept, and
            // what the turn marked to keep whatever happens (an escalation: a person in crisis is never lost).
            db.ChangeTracker.Clear();
            if (isNew)
            {
                db.Inbox.Add(row);
            }
            else
            {
                db.Inbox.Attach(row);
            }

            foreach (var entity in keeps.Entities)
            {
                db.Add(entity);
            }
        }
        else
        {
            Stage(db, records, conversationKey, conversationJson, turn.ConversationState, now);
            Stage(db, records, userKey, userJson, turn.UserState, now);
            if (isNew)
            {
                db.Inbox.Add(row);
            }
        }

        row.Status = outcome == TurnOutcome.Completed ? InboundStatus.Processed : InboundStatus.Failed;
        row.ProcessedAt = now;
        row.RepliesJson = JsonSerializer.Serialize(turn.Replies, ActivityJson.Options);
        row.Version++;
        IReadOnlyList<Activity> sent = turn.Replies;
        if (!row.ExpectReplies)
        {
            sent = packersByChannel.TryGetValue(row.ChannelId, out var packer) ? packer.Pack(turn.Replies) : turn.Replies;

            // A turn the bot started itself (a scheduled check-in) sends proactive messages: sending hours and opt-outs apply.
            var proactive = Dialogue.Plan.Scheduling.PlanEvents.IsProactiveStart(activity.Type, activity.Name);
            db.Outbox.AddRange(sent.Select(reply =>
            {
                var message = OutboundActivity.ForReply(row.Id, row.ChannelId, row.ConversationId, activity.ServiceUrl, reply, now);
                message.Proactive = proactive;
                return message;
            }));
        }

        // What the turn adds, for the listeners told after the commit (the workspace announces a new enquiry live).
        turn.TurnValues[TurnAdditions.Key] = new TurnAdditions(
            db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList());

        // The case record: both sides of the turn, with what the save carries (journaled by the context's interceptor).
        await TurnJournal.StageAsync(db, turn, row, sent, outcome, cancellationToken).ConfigureAwait(false);

        // One transaction: state, inbox row (or its status), outbox rows and journal entries together, or none of them.
        await db.SaveChangesAsync(CancellationToken.None).ConfigureAwait(false);

        // Nothing of the turn is acknowledged (replies returned, outbox woken) before its commit is on disk.
        await turnSync.SyncAsync(CancellationToken.None).ConfigureAwait(false);
        if (isNew)
        {
            // The turn's span (MeasuredAsync) is tagged with the row's id once it has one.
            if (System.Diagnostics.Activity.Current is { OperationName: "dialogue.turn" } span)
            {
                span.SetTag(DialogueTelemetry.InboundIdTag, row.Id);
            }
        }

        if (!row.ExpectReplies && turn.Replies.Count > 0)
        {
            signals.Outbox.Notify();
        }

        foreach (var listener in commitListeners)
        {
            listener.Committed(turn, outcome);
        }

        return turn.Replies;
    }

    private static void Stage(
        DialogueDbContext db, Dictionary<string, StateRecord> records, string key, string? before, JsonObject state, DateTimeOffset now)
    {
        var json = state.ToJsonString();
        if (string.Equals(json, before ?? "{}", StringComparison.Ordinal))
        {
            return;
        }

        if (records.TryGetValue(key, out var record))
        {
            record.Json = json;
            record.Version++;
            record.UpdatedAt = now;
        }
        else
        {
            db.States.Add(new StateRecord { Key = key, Json = json, Version = 1, UpdatedAt = now });
        }
    }

    private static Activity? TryReadActivity(string json)
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

    private static JsonObject ParseState(string? json) =>
        json is null ? [] : JsonNode.Parse(json) as JsonObject ?? [];

    private static List<Activity> ParseReplies(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<Activity>>(json, ActivityJson.Options) ?? [];

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Duplicate activity {ActivityId} in {ConversationId}: answered from the inbox, not processed again")]
    private static partial void LogDuplicate(ILogger logger, string conversationId, string activityId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Error, Message = "Inbox row {InboundId} holds no readable activity; marked failed")]
    private static partial void LogUnreadable(ILogger logger, long inboundId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Inbox row {InboundId} could not be processed; it stays pending and is retried")]
    private static partial void LogPendingFailed(ILogger logger, Exception exception, long inboundId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "State conflict committing a turn in {ConversationId} (attempt {Attempt}); running the turn again on fresh state")]
    private static partial void LogCommitConflict(ILogger logger, Exception exception, string conversationId, int attempt);
}
