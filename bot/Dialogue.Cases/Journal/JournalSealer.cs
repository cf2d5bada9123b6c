using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Journal;

/// <summary>Wakes the sealer after a save that wrote journal entries (the interceptor notifies it).</summary>
public sealed class JournalSignal : IDisposable
{
    public WorkSignal Signal { get; } = new();

    public void Notify() => Signal.Notify();

    public void Dispose() => Signal.Dispose();
}

/// <summary>
/// Gives unsealed journal entries their place in their person's chain: per person, in id order, the next Seq, the
/// previous entry's hash and their own hash (<see cref="JournalHash"/>), in one transaction per person. Writers never
/// wait for each other: they only append unsealed rows. The unique (PersonId, Seq) index makes two sealers racing for
/// the same person fail rather than fork the chain (the loser tries again later); on PostgreSQL a transaction-scoped
/// advisory lock also keeps replicas from sealing at the same time, so several replicas may each run the sealer.
/// </summary>
public sealed partial class JournalSealer(IDbContextFactory<DialogueDbContext> dbFactory, ILogger<JournalSealer> logger)
{
    /// <summary>Key of the PostgreSQL advisory lock held while sealing ("JOURNAL" in ASCII, as a number).</summary>
    private const long AdvisoryLockKey = 0x4A4F55524E414C;

    private const int BatchSize = 500;

    /// <summary>Seals everything pending; returns how many entries were sealed.</summary>
    public async Task<int> SealPendingAsync(CancellationToken cancellationToken)
    {
        List<PersonId> persons;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false))
        {
            persons = await db.Journal.AsNoTracking().Where(e => e.Seq == null).Select(e => e.PersonId).Distinct()
                .ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        var sealedCount = 0;
        foreach (var person in persons)
        {
            try
            {
                int batch;
                do
                {
                    batch = await SealAsync(person, cancellationToken).ConfigureAwait(false);
                    sealedCount += batch;
                }
                while (batch == BatchSize);
            }
            catch (DbUpdateException ex)
            {
                // Another sealer got there first (unique seq): its chain stands; what is left is sealed next round.
                LogSealConflict(logger, ex, person.Value);
            }
        }

        return sealedCount;
    }

    /// <summary>Seals one person's pending entries.</summary>
    public async Task<int> SealAsync(PersonId person, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct).ConfigureAwait(false);
            }

            var last = await db.Journal.AsNoTracking().Where(e => e.PersonId == person && e.Seq != null)
                .OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash })
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
            var pending = await db.Journal.Where(e => e.PersonId == person && e.Seq == null).OrderBy(e => e.Id).Take(BatchSize)
                .ToListAsync(ct).ConfigureAwait(false);
            var seq = last?.Seq ?? 0;
            var previous = last?.Hash ?? string.Empty;
            foreach (var entry in pending)
            {
                seq++;
                entry.Seq = seq;
                entry.PrevHash = previous;
                entry.Hash = JournalHash.Entry(entry, seq, previous);
                previous = entry.Hash;
            }

            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return pending.Count;
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Sealing the journal of person {PersonId} conflicted with another sealer; retried later")]
    private static partial void LogSealConflict(ILogger logger, Exception exception, Guid personId);
}

/// <summary>Runs the sealer after commits that wrote journal entries, and every half minute as a sweep.</summary>
public sealed partial class JournalSealerWorker(JournalSealer sealer, JournalSignal signal, ILogger<JournalSealerWorker> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sealer.SealPendingAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSealFailed(logger, ex);
            }

            try
            {
                await signal.Signal.WaitAsync(SweepInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Sealing the journal failed; entries stay pending and are sealed on the next round")]
    private static partial void LogSealFailed(ILogger logger, Exception exception);
}
