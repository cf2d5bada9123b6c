using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// SQLite has one write lock per database file. Microsoft.Data.Sqlite begins every transaction with
/// <c>BEGIN IMMEDIATE</c>, so a transaction holds that lock from its start to its commit, and a writer that finds it
/// taken sleeps in SQLite's busy handler (1, 2, 5, 10 … up to 100 ms between tries) while holding a thread-pool
/// thread. Under concurrent turns the lock then stood idle between holders while the next writer slept: a thread-time
/// profile at 50 concurrent conversations showed most of a turn's wait in <c>BEGIN IMMEDIATE</c> (tests/bench/RESULTS.md).
/// <para>
/// This interceptor queues this process's write transactions in arrival order before they reach SQLite: a
/// transaction starts only when the one before it has committed, rolled back or failed, and a waiting writer waits
/// asynchronously (no thread held). SQLite still decides: writers in other processes (the CLI, a second host on the
/// same file) and writes outside a transaction still meet its lock and busy timeout as before. A writer that waits
/// longer than the busy timeout goes on to SQLite's own lock rather than failing here (no deadlock can come from
/// this queue, even if a flow opened a second transaction while holding one).
/// </para>
/// </summary>
internal sealed class SqliteWriterQueue(TimeSpan maxWait) : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _sync = new();

    /// <summary>The EF connection whose transaction holds the queue's turn, if any.</summary>
    private Guid? _holder;

    private int _waiting;

    /// <summary>How many transactions wait for their turn (for tests).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    public InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Interlocked.Increment(ref _waiting);
        try
        {
            if (_turn.Wait(maxWait))
            {
                Hold(eventData.ConnectionId);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        var wait = _turn.WaitAsync(maxWait, cancellationToken); // in the queue from here on
        Interlocked.Increment(ref _waiting);
        try
        {
            if (await wait.ConfigureAwait(false))
            {
                Hold(eventData.ConnectionId);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(eventData);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData);
        return Task.CompletedTask;
    }

    // A transaction never outlives its connection: whatever ended it (disposed without commit, BEGIN itself failing),
    // the turn is passed on when the connection closes at the latest.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.ConnectionId);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    private void Hold(Guid connectionId)
    {
        lock (_sync)
        {
            _holder = connectionId;
        }
    }

    private void Release(TransactionEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        Release(eventData.ConnectionId);
    }

    private void Release(Guid connectionId)
    {
        lock (_sync)
        {
            if (_holder != connectionId)
            {
                return;
            }

            _holder = null;
        }

        _turn.Release();
    }
}
