using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;


namespace Dialogue.Cases.Retention;

/// <summary>What one retention run removed.</summary>
/// <param name="Cutoff">Transcripts whose session ended before this instant were removed.</param>
/// <param name="Conversations">Conversations (channel and conversation id) that had something removed.</param>
/// <param name="StrangerConversations">Of those, conversations with no case (nothing in any journal).</param>
/// <param name="Persons">Cases that got a <c>retention</c> journal entry.</param>
/// <param name="JournalEntries">Message entries redacted in the journal.</param>
public sealed record RetentionResult(
    DateTimeOffset Cutoff,
    int Conversations,
    int StrangerConversations,
    int Persons,
    int JournalEntries,
    int InboxRows,
    int OutboxRows,
    int DirectLineActivities,
    int Escalations,
    int OfficeMessages,
    int ContactRequests,
    int Enquiries);

/// <summary>
/// Removes the text of transcripts older than <see cref="RetentionSettings.TranscriptDays"/>, keeping the case record.
/// <para>
/// What counts as old: a conversation is cut into sessions (messages less than <see cref="CaseJournal.SessionGap"/>
/// apart, as the log search does; an SMS thread with a number never ends). A session is removed when its last message
/// is older than the cutoff; a session that started before the cutoff and goes on after it is kept whole until its
/// last message is old enough. Nothing younger than the cutoff is touched.
/// </para>
/// <para>Per table:</para>
/// <list type="bullet">
/// <item><b>journal_entries</b> (message.in, message.out, message.veileder): redacted the way the journal guard allows
/// (Text and DataJson null, Redacted set; the content hash stays), then ONE <c>retention</c> entry per person (actor
/// system) lists the redacted ids (<c>entries</c>), the counts per kind, the cutoff and the setting, and is sealed at
/// once, so <c>journal verify</c> keeps passing. Every other kind (plan, goal, summaries, moods, life situation,
/// escalations and their history, handoffs, contact requests, enquiries, delivery receipts) is the case record and
/// stays.</item>
/// <item><b>inbound_activities</b>: anonymised, not deleted: the row's unique (channel, conversation, activity id) key
/// is what stops a replayed delivery from being processed again. ActivityJson becomes <c>{}</c> and RepliesJson
/// null. Pending rows (not yet run) are never touched.</item>
/// <item><b>outbound_activities</b>: anonymised (ActivityJson <c>{}</c>), keeping status, attempts and delivery
/// status for the delivery history. Pending rows (still to be sent) are never touched.</item>
/// <item><b>directline_activities</b>: anonymised to an event activity without content, keeping the sequence
/// numbers (the watermark a client pages with); deleting them would let the next sequence number be reused.</item>
/// <item><b>escalations</b>: MessageText cleared; the row, its signals, status and history stay (the case record and
/// the escalation history).</item>
/// <item><b>office_messages</b> (messages from people with no case): deleted. The whole row is what a stranger wrote
/// and where from; no case or journal refers to it.</item>
/// <item><b>contact_requests</b>: the free text (PreferredTimeText) cleared; the request, its status and time stay.</item>
/// <item><b>enquiries</b>: the free text cleared; kind, status and the veileder's answer stay. Enquiries carry no
/// conversation, so the plain cutoff applies to them.</item>
/// </list>
/// <para>
/// Running it again removes nothing more (everything removed is recognisable as removed). It runs at most once at a
/// time across all replicas (<see cref="IReplicaLocks"/>: a PostgreSQL session advisory lock, or in-process on SQLite).
/// Progress and counts are logged at Information, never any text.
/// </para>
/// </summary>
public sealed partial class TranscriptRetention(
    IDbContextFactory<DialogueDbContext> dbFactory,
    JournalSealer sealer,
    RetentionSettings settings,
    TimeProvider clock,
    IReplicaLocks locks,
    ILogger<TranscriptRetention> logger)
{
    /// <summary>What an anonymised inbox or outbox row's activity becomes.</summary>
    public const string RemovedActivityJson = "{}";

    /// <summary>What an anonymised Direct Line activity becomes: an event clients do not show.</summary>
    public const string RemovedDirectLineActivityJson = "{\"type\":\"event\",\"name\":\"dialogue.retention\"}";

    /// <summary>The job's lock name (<see cref="IReplicaLocks"/>), held while a run goes on.</summary>
    public const string Job = "retention";

    private static readonly string[] MessageKinds = [.. JournalKinds.Messages];

    public RetentionSettings Settings => settings;

    /// <summary>One run; null when another run (in this process or another replica) is going on.</summary>
    public async Task<RetentionResult?> RunAsync(CancellationToken cancellationToken)
    {
        var held = await locks.TryAcquireAsync(ReplicaLockNames.Job(Job), cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            LogAlreadyRunning(logger);
            return null;
        }

        await using (held.ConfigureAwait(false))
        {
            return await RunCoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The instant before which a conversation's messages are removed: the cutoff, or — when a session started before
    /// the cutoff and goes on after it — a moment between that session's start and the end of the one before, so the
    /// session is kept whole. <paramref name="times"/> are the conversation's message times.
    /// </summary>
    public static DateTimeOffset SessionCutoff(IEnumerable<DateTimeOffset> times, DateTimeOffset cutoff, TimeSpan sessionGap)
    {
        ArgumentNullException.ThrowIfNull(times);
        var sorted = times.Order().ToList();
        var firstKept = sorted.FindIndex(t => t >= cutoff);
        if (firstKept <= 0)
        {
            return cutoff; // everything is old, or nothing is
        }

        var start = sorted[firstKept];
        for (var i = firstKept - 1; i >= 0 && start - sorted[i] <= sessionGap; i--)
        {
            start = sorted[i];
        }

        return start < cutoff ? start - (sessionGap / 2) : cutoff;
    }

    private async Task<RetentionResult> RunCoreAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = JournalHash.Normalize(now - settings.Period);
        LogStarted(logger, settings.TranscriptDays, cutoff);

        // Only sealed entries can be redacted (the verifier checks a redacted entry against a later sealed retention entry).
        await sealer.SealPendingAsync(cancellationToken).ConfigureAwait(false);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var conversations = await CandidatesAsync(db, cutoff, cancellationToken).ConfigureAwait(false);
        var perPerson = new Dictionary<PersonId, List<(long Id, string Kind)>>();
        int strangers = 0, inbox = 0, outbox = 0, directLine = 0, escalations = 0, officeMessages = 0, contactRequests = 0;
        foreach (var (channel, conversation) in conversations)
        {
            var until = await ConversationCutoffAsync(db, channel, conversation, cutoff, cancellationToken).ConfigureAwait(false);
            var old = await db.Journal.AsNoTracking()
                .Where(e => e.ChannelId == channel && e.ConversationId == conversation && MessageKinds.Contains(e.Kind)
                    && !e.Redacted && e.Seq != null && e.At < until)
                .Select(e => new { e.Id, e.PersonId, e.Kind })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in old)
            {
                if (!perPerson.TryGetValue(entry.PersonId, out var list))
                {
                    perPerson[entry.PersonId] = list = [];
                }

                list.Add((entry.Id, entry.Kind));
            }

            if (!await db.Journal.AnyAsync(e => e.ChannelId == channel && e.ConversationId == conversation, cancellationToken).ConfigureAwait(false))
            {
                strangers++;
            }

            inbox += await db.Inbox
                .Where(x => x.ChannelId == channel && x.ConversationId == conversation && x.Status != InboundStatus.Pending
                    && x.ReceivedAt < until && (x.ActivityJson != RemovedActivityJson || x.RepliesJson != null))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ActivityJson, RemovedActivityJson).SetProperty(x => x.RepliesJson, (string?)null), cancellationToken)
                .ConfigureAwait(false);
            outbox += await db.Outbox
                .Where(x => x.ChannelId == channel && x.ConversationId == conversation && x.Status != OutboundStatus.Pending
                    && x.CreatedAt < until && x.ActivityJson != RemovedActivityJson)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ActivityJson, RemovedActivityJson), cancellationToken)
                .ConfigureAwait(false);
            if (channel == DirectLineChannel.Id)
            {
                directLine += await db.DirectLineActivities
                    .Where(a => a.ConversationId == conversation && a.CreatedAt < until && a.ActivityJson != RemovedDirectLineActivityJson)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ActivityJson, RemovedDirectLineActivityJson), cancellationToken)
                    .ConfigureAwait(false);
            }

            escalations += await db.Escalations
                .Where(e => e.ChannelId == channel && e.ConversationId == conversation && e.MessageText != null && e.CreatedAt < until)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.MessageText, (string?)null), cancellationToken)
                .ConfigureAwait(false);
            officeMessages += await db.OfficeMessages
                .Where(m => m.ChannelId == channel && m.ConversationId == conversation && m.ReceivedAt < until)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            contactRequests += await db.ContactRequests
                .Where(r => r.ChannelId == channel && r.ConversationId == conversation && r.PreferredTimeText != null && r.CreatedAt < until)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.PreferredTimeText, (string?)null), cancellationToken)
                .ConfigureAwait(false);
        }

        var enquiries = await db.Enquiries.Where(e => e.Text != null && e.CreatedAt < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Text, (string?)null), cancellationToken).ConfigureAwait(false);

        var redacted = 0;
        foreach (var (person, entries) in perPerson)
        {
            redacted += await RedactAsync(person, entries, cutoff, now, cancellationToken).ConfigureAwait(false);
        }

        var result = new RetentionResult(cutoff, conversations.Count, strangers, perPerson.Count, redacted,
            inbox, outbox, directLine, escalations, officeMessages, contactRequests, enquiries);
        LogFinished(logger, result.Conversations, result.StrangerConversations, result.Persons, result.JournalEntries,
            result.InboxRows, result.OutboxRows, result.DirectLineActivities, result.Escalations, result.OfficeMessages,
            result.ContactRequests, result.Enquiries);
        return result;
    }

    /// <summary>Conversations with something older than the cutoff that is not yet removed.</summary>
    private static async Task<List<(string Channel, string Conversation)>> CandidatesAsync(
        DialogueDbContext db, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var found = new HashSet<(string, string)>();
        void Add(IEnumerable<(string?, string?)> pairs)
        {
            foreach (var (channel, conversation) in pairs)
            {
                if (channel is not null && conversation is not null)
                {
                    found.Add((channel, conversation));
                }
            }
        }

        Add((await db.Journal.AsNoTracking()
                .Where(e => MessageKinds.Contains(e.Kind) && !e.Redacted && e.Seq != null && e.At < cutoff)
                .Select(e => new { e.ChannelId, e.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => (x.ChannelId, x.ConversationId)));
        Add((await db.Inbox.AsNoTracking()
                .Where(x => x.Status != InboundStatus.Pending && x.ReceivedAt < cutoff && (x.ActivityJson != RemovedActivityJson || x.RepliesJson != null))
                .Select(x => new { x.ChannelId, x.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => ((string?)x.ChannelId, (string?)x.ConversationId)));
        Add((await db.Outbox.AsNoTracking()
                .Where(x => x.Status != OutboundStatus.Pending && x.CreatedAt < cutoff && x.ActivityJson != RemovedActivityJson)
                .Select(x => new { x.ChannelId, x.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => ((string?)x.ChannelId, (string?)x.ConversationId)));
        Add((await db.DirectLineActivities.AsNoTracking()
                .Where(a => a.CreatedAt < cutoff && a.ActivityJson != RemovedDirectLineActivityJson)
                .Select(a => a.ConversationId).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(c => ((string?)DirectLineChannel.Id, (string?)c)));
        Add((await db.Escalations.AsNoTracking()
                .Where(e => e.MessageText != null && e.CreatedAt < cutoff)
                .Select(e => new { e.ChannelId, e.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => ((string?)x.ChannelId, (string?)x.ConversationId)));
        Add((await db.OfficeMessages.AsNoTracking()
                .Where(m => m.ReceivedAt < cutoff)
                .Select(m => new { m.ChannelId, m.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => ((string?)x.ChannelId, (string?)x.ConversationId)));
        Add((await db.ContactRequests.AsNoTracking()
                .Where(r => r.PreferredTimeText != null && r.CreatedAt < cutoff)
                .Select(r => new { r.ChannelId, r.ConversationId }).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(x => ((string?)x.ChannelId, (string?)x.ConversationId)));
        return [.. found.OrderBy(f => f.Item1, StringComparer.Ordinal).ThenBy(f => f.Item2, StringComparer.Ordinal)];
    }

    /// <summary>The conversation's own cutoff (see <see cref="SessionCutoff"/>), from the times of both sides' messages.</summary>
    private static async Task<DateTimeOffset> ConversationCutoffAsync(
        DialogueDbContext db, string channel, string conversation, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var times = await db.Inbox.AsNoTracking().Where(x => x.ChannelId == channel && x.ConversationId == conversation)
            .Select(x => x.ReceivedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        times.AddRange(await db.Outbox.AsNoTracking().Where(x => x.ChannelId == channel && x.ConversationId == conversation)
            .Select(x => x.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false));
        times.AddRange(await db.Journal.AsNoTracking()
            .Where(e => e.ChannelId == channel && e.ConversationId == conversation && MessageKinds.Contains(e.Kind))
            .Select(e => e.At).ToListAsync(cancellationToken).ConfigureAwait(false));
        return SessionCutoff(times, cutoff, CaseJournal.SessionGap);
    }

    /// <summary>Redacts one person's old messages and appends (and seals) the retention entry naming them, in one save.</summary>
    private async Task<int> RedactAsync(
        PersonId person, List<(long Id, string Kind)> entries, DateTimeOffset cutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => e.Id).Order().ToList();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            JournalInterceptor.Suppress(db);
            var tracked = await db.Journal.Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in tracked)
            {
                entry.Text = null;
                entry.DataJson = null;
                entry.Redacted = true;
            }

            db.Journal.Add(JournalEntry.Create(person, JournalKinds.Retention, now, JournalActors.System,
                dataJson: JournalRecorder.Data(new
                {
                    entries = ids,
                    counts = entries.GroupBy(e => e.Kind, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                    cutoff,
                    transcriptDays = settings.TranscriptDays,
                })));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await sealer.SealAsync(person, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex)
        {
            // The sealer worker (woken by this save) sealed the chain at the same moment; what is left it seals next round.
            LogSealRaced(logger, ex, person.Value);
        }

        LogPersonRedacted(logger, person.Value, ids.Count);
        return ids.Count;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Retention started: transcripts kept {TranscriptDays} days, cutoff {Cutoff:O}")]
    private static partial void LogStarted(ILogger logger, int transcriptDays, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Retention redacted {Count} messages in the journal of person {PersonId}")]
    private static partial void LogPersonRedacted(ILogger logger, Guid personId, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message =
        "Retention finished: {Conversations} conversations ({StrangerConversations} without a case), {Persons} cases, " +
        "{JournalEntries} journal messages redacted; inbox {InboxRows}, outbox {OutboxRows}, Direct Line {DirectLineActivities} rows anonymised; " +
        "{Escalations} escalation texts, {ContactRequests} contact request texts, {Enquiries} enquiry texts cleared; {OfficeMessages} office messages deleted")]
    private static partial void LogFinished(
        ILogger logger, int conversations, int strangerConversations, int persons, int journalEntries, int inboxRows, int outboxRows,
        int directLineActivities, int escalations, int officeMessages, int contactRequests, int enquiries);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Information, Message = "Sealing the retention entry of person {PersonId} raced with the sealer; it is sealed on its next round")]
    private static partial void LogSealRaced(ILogger logger, Exception exception, Guid personId);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Retention is already running (in this process or another replica); this run is skipped")]
    private static partial void LogAlreadyRunning(ILogger logger);
}
