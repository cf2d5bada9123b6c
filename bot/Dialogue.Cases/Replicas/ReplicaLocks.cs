using System.Security.Cryptography;
using System.Text;
using Dialogue.Cases.Messaging;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dialogue.Cases.Replicas;

/// <summary>
/// Named locks that hold across every replica sharing the database: turns of one conversation, sending one
/// conversation's outbox, and "singleton" background work (watchdog, scheduler) that must not run on two replicas at
/// once. On PostgreSQL a session advisory lock on its own pooled connection, keyed by a stable 64-bit hash of the name;
/// on SQLite an in-process lock, since an SQLite database is only ever served by one process.
/// </summary>
public interface IReplicaLocks
{
    /// <summary>True when the locks hold across processes (PostgreSQL), false when only within this one (SQLite).</summary>
    bool SpansReplicas { get; }

    /// <summary>Waits until the lock is free and takes it. Dispose the result to release it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken);

    /// <summary>Takes the lock if nobody holds it now; null when someone (here or on another replica) does.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken);
}

/// <summary>Lock names used by the messaging and background workers.</summary>
public static class ReplicaLockNames
{
    /// <summary>Held for the whole of a turn in one conversation (its state key).</summary>
    public static string Turn(string conversationStateKey) => "turn:" + conversationStateKey;

    /// <summary>Held while one conversation's outbox rows are being sent.</summary>
    public static string Outbox(string channelId, string conversationId) => $"outbox:{channelId}/{conversationId}";

    /// <summary>Held while one round of a background job runs.</summary>
    public static string Job(string job) => "job:" + job;

    /// <summary>Held while the schema is migrated and demo data seeded at start.</summary>
    public const string Startup = "startup";

    /// <summary>The PostgreSQL advisory lock key for a name: the first 8 bytes of SHA-256 of "dialogue:" + name.</summary>
    public static long AdvisoryKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("dialogue:" + name), hash);
        return BitConverter.ToInt64(hash[..8]);
    }
}

public static class ReplicaLocksExtensions
{
    /// <summary>
    /// Runs one round of singleton work if no other replica (or caller in this process) is running it now; returns
    /// false when it was skipped. Every round checks the database for what is due, so skipping a round loses nothing.
    /// </summary>
    public static async Task<bool> RunExclusiveAsync(
        this IReplicaLocks locks, string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(locks);
        ArgumentNullException.ThrowIfNull(work);
        var held = await locks.TryAcquireAsync(ReplicaLockNames.Job(job), cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            return false;
        }

        await using (held.ConfigureAwait(false))
        {
            await work(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }
}

/// <summary>SQLite: one process serves the database, so an in-process lock per name is enough.</summary>
public sealed class InProcessReplicaLocks(KeyedLock locks) : IReplicaLocks
{
    public bool SpansReplicas => false;

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
        new Held(await locks.AcquireAsync(name, cancellationToken).ConfigureAwait(false));

    public Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(locks.TryAcquire(name) is { } held ? new Held(held) : null);

    private sealed class Held(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// PostgreSQL: a session advisory lock (<c>pg_advisory_lock</c>) on a pooled connection held for as long as the lock.
/// Inside the process the in-process lock is taken first, so callers here queue without each holding a connection.
/// When a replica dies its sessions end and PostgreSQL releases its locks.
/// </summary>
public sealed partial class PostgresReplicaLocks(ReplicaConnections connections, KeyedLock local, ILogger<PostgresReplicaLocks> logger) : IReplicaLocks
{
    public bool SpansReplicas => true;

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var inProcess = await local.AcquireAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            var key = ReplicaLockNames.AdvisoryKey(name);
            var connection = await connections.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = key });
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Cancelled while waiting: the server may still grant the lock to this session, so the session is not
                // handed back to the pool holding it.
                await DiscardAsync(connection).ConfigureAwait(false);
                throw;
            }

            return new Held(this, connection, key, inProcess);
        }
        catch
        {
            inProcess.Dispose();
            throw;
        }
    }

    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        if (local.TryAcquire(name) is not { } inProcess)
        {
            return null;
        }

        try
        {
            var key = ReplicaLockNames.AdvisoryKey(name);
            var connection = await connections.Source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            bool acquired;
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
                command.Parameters.Add(new NpgsqlParameter { Value = key });
                acquired = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            catch
            {
                await DiscardAsync(connection).ConfigureAwait(false);
                throw;
            }

            if (!acquired)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                inProcess.Dispose();
                return null;
            }

            return new Held(this, connection, key, inProcess);
        }
        catch
        {
            inProcess.Dispose();
            throw;
        }
    }

    private async Task ReleaseAsync(NpgsqlConnection connection, long key)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = key });
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            LogUnlockFailed(logger, ex);
            await DiscardAsync(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the session for good (not back to the pool), which releases whatever advisory locks it held.</summary>
    private static async Task DiscardAsync(NpgsqlConnection connection)
    {
        NpgsqlConnection.ClearPool(connection);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Releasing an advisory lock failed; its session is closed, which releases it")]
    private static partial void LogUnlockFailed(ILogger logger, Exception exception);

    private sealed class Held(PostgresReplicaLocks owner, NpgsqlConnection connection, long key, IDisposable inProcess) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                await owner.ReleaseAsync(connection, key).ConfigureAwait(false);
            }
            finally
            {
                inProcess.Dispose();
            }
        }
    }
}

/// <summary>The PostgreSQL data source for locks and replica signals (separate from EF Core's, same database).</summary>
public sealed class ReplicaConnections : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _source;

    public ReplicaConnections(Persistence.DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Provider == Persistence.DatabaseProvider.Postgres)
        {
            _source = NpgsqlDataSource.Create(settings.ConnectionString);
        }
    }

    public bool Available => _source is not null;

    public NpgsqlDataSource Source => _source ?? throw new InvalidOperationException("Replica coordination needs Database:Provider Postgres.");

    public ValueTask DisposeAsync() => _source?.DisposeAsync() ?? ValueTask.CompletedTask;
}
