using System.Runtime.CompilerServices;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Cases.Journal;

/// <summary>
/// Journals every save of a <see cref="DialogueDbContext"/> in the same transaction, and guards the journal.
/// <para>
/// How entries get written (the simplest way that cannot lose one): just before a save, this interceptor looks at
/// the change tracker and adds a <see cref="JournalEntry"/> for each recorded change it finds — plan activities
/// created or changed, the goal, appointment answers, dagsform, life situation, summaries, escalations and every
/// history event, handoff start and end, contact requests, enquiries, messages written outside a turn (a veileder's
/// messages, proactive SMS) and the final delivery status of messages to a person. The entries go into the database
/// with the change, or not at all. A turn's own messages (both sides) are added by <see cref="TurnJournal"/>, which
/// knows the turn's person and screening result, just before the turn's save; that also marks the context as a
/// turn's, so its outbox rows are not journaled twice. A failed turn clears its change tracker before saving, so its
/// dropped changes are never seen here, while what it keeps (an escalation) is.
/// </para>
/// <para>
/// The guard: a journal entry is never deleted and never modified, except sealing (Seq, PrevHash and Hash set once
/// on an unsealed entry) and retention's redaction (Text and DataJson cleared, Redacted set). Anything else throws.
/// </para>
/// </summary>
public sealed class JournalInterceptor : SaveChangesInterceptor
{
    private static readonly ConditionalWeakTable<DbContext, ContextState> States = new();

    private JournalInterceptor()
    {
    }

    public static JournalInterceptor Instance { get; } = new();

    /// <summary>Marks <paramref name="db"/> as a turn's context: the turn writes its own messages (see <see cref="TurnJournal"/>).</summary>
    public static void SetTurnScope(DbContext db, JournalScope scope) => States.GetOrCreateValue(db).Scope = scope;

    /// <summary>No automatic entries for this context (a writer that records what it does itself, such as the demo seeder).</summary>
    public static void Suppress(DbContext db) => States.GetOrCreateValue(db).Suppressed = true;

    /// <summary>
    /// Drops what was remembered about <paramref name="db"/> (its turn scope, suppression); called when the context is
    /// disposed, so a pooled context's next user starts clean.
    /// </summary>
    public static void Forget(DbContext db) => States.Remove(db);

    /// <summary>Whether anything is remembered about <paramref name="db"/> (for tests of the pooled contexts).</summary>
    internal static bool Remembers(DbContext db) => States.TryGetValue(db, out _);

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        BeforeSaveAsync(eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        await BeforeSaveAsync(eventData.Context, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>The application's services, when the context was made by the host's factory (null in a command).</summary>
    internal static IServiceProvider? AppServices(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider;

    private static async Task BeforeSaveAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context is not DialogueDbContext db)
        {
            return;
        }

        db.ChangeTracker.DetectChanges();
        Guard(db.ChangeTracker);
        var state = States.GetOrCreateValue(db);

        // A save that failed and is tried again on the same context must not journal its changes twice.
        foreach (var stale in state.Automatic.Where(e => db.Entry(e).State == EntityState.Added).ToList())
        {
            db.Entry(stale).State = EntityState.Detached;
        }

        state.Automatic.Clear();
        if (!state.Suppressed)
        {
            var clock = AppServices(db)?.GetService<TimeProvider>() ?? TimeProvider.System;
            var entries = await JournalRecorder.RecordAsync(db, state.Scope, clock, cancellationToken).ConfigureAwait(false);
            foreach (var entry in entries)
            {
                db.Journal.Add(entry);
                state.Automatic.Add(entry);
            }
        }

        state.Wrote = db.ChangeTracker.Entries<JournalEntry>().Any(e => e.State == EntityState.Added);
    }

    private static void AfterSave(DbContext? context)
    {
        if (context is null || !States.TryGetValue(context, out var state))
        {
            return;
        }

        state.Automatic.Clear();
        if (state.Wrote)
        {
            state.Wrote = false;
            AppServices(context)?.GetService<JournalSignal>()?.Notify();
        }
    }

    private static readonly HashSet<string> SealProperties = new(StringComparer.Ordinal)
    {
        nameof(JournalEntry.Seq), nameof(JournalEntry.PrevHash), nameof(JournalEntry.Hash),
    };

    private static readonly HashSet<string> RedactProperties = new(StringComparer.Ordinal)
    {
        nameof(JournalEntry.Text), nameof(JournalEntry.DataJson), nameof(JournalEntry.Redacted),
    };

    private static void Guard(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<JournalEntry>())
        {
            switch (entry.State)
            {
                case EntityState.Deleted:
                    throw new JournalTamperingException($"Journal entry {entry.Entity.Id} cannot be deleted: the journal is append-only.");
                case EntityState.Modified:
                    var changed = entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToList();
                    var sealing = changed.All(SealProperties.Contains)
                        && entry.Property(e => e.Seq).OriginalValue is null && entry.Entity.Seq is not null && entry.Entity.Hash is not null;
                    var redacting = changed.All(RedactProperties.Contains)
                        && entry.Entity is { Redacted: true, Text: null, DataJson: null };
                    if (!sealing && !redacting)
                    {
                        throw new JournalTamperingException(
                            $"Journal entry {entry.Entity.Id} cannot be changed ({string.Join(", ", changed)}): only sealing and retention may touch it. Write a correction entry instead.");
                    }

                    break;
            }
        }
    }

    private sealed class ContextState
    {
        public JournalScope? Scope { get; set; }

        public bool Suppressed { get; set; }

        public bool Wrote { get; set; }

        public List<JournalEntry> Automatic { get; } = [];
    }
}

/// <summary>The turn a context saves: its conversation, and the person it is about (null for a stranger).</summary>
public sealed record JournalScope(Dialogue.Plan.Domain.PersonId? Person, string ChannelId, string ConversationId);

/// <summary>Refused: a change to the journal other than sealing or retention.</summary>
public sealed class JournalTamperingException : InvalidOperationException
{
    public JournalTamperingException()
    {
    }

    public JournalTamperingException(string message)
        : base(message)
    {
    }

    public JournalTamperingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
