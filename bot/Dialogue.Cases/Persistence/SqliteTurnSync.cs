using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// Group commit for turns on SQLite with <c>Database:SqliteSynchronous=Full</c>. With the write-ahead log, FULL makes
/// every commit wait for its own fsync of the log while it still holds SQLite's one write lock, so concurrent turns
/// queue behind each other's fsyncs (tests/bench/RESULTS.md, section 7). A turn instead commits with
/// <c>synchronous=NORMAL</c> on its connection (the commit is written to the log, not yet synced) and then, before
/// anything is acknowledged, waits for an fsync of the log that started after its commit. One fsync serves every turn
/// that committed while the previous one ran, and none is done under the write lock. What a turn acknowledges is on
/// disk as with FULL; what differs is that another connection can read a turn's rows a few milliseconds before they
/// are on disk (a power cut in between loses that unacknowledged turn, which its channel then sends again).
/// Other writers keep FULL. PostgreSQL, <c>Normal</c> and in-memory databases: nothing to do here.
/// </summary>
public sealed class SqliteTurnSync
{
    private readonly string? _logPath;
    private readonly Func<string, CancellationToken, ValueTask> _sync;
    private readonly Lock _gate = new();
    private Round? _waiting;
    private bool _running;
    private long _syncs;

    public SqliteTurnSync(DatabaseSettings settings)
        : this(LogPathFor(settings), SyncFileAsync)
    {
    }

    /// <summary>For tests: <paramref name="sync"/> stands in for the fsync of the file at <paramref name="logPath"/>.</summary>
    internal SqliteTurnSync(string? logPath, Func<string, CancellationToken, ValueTask> sync)
    {
        _logPath = logPath;
        _sync = sync;
    }

    /// <summary>Whether turns commit without their own fsync and wait for a shared one (<see cref="SyncAsync"/>).</summary>
    public bool Grouped => _logPath is not null;

    /// <summary>How many fsyncs of the log were done (each serving one or more turns).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Puts a connection back to committing with an fsync (run by the connection setup on every open).</summary>
    internal const string FullSql = "PRAGMA synchronous=FULL;";

    private const string NormalSql = "PRAGMA synchronous=NORMAL;";

    /// <summary>
    /// Sets the turn's open connection to commit without an fsync. The connection setup puts it back to FULL the next
    /// time anyone opens it (<see cref="SqliteConnectionSetup"/>), so no other writer commits on it without one.
    /// </summary>
    public async Task BeginTurnAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!Grouped)
        {
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = NormalSql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when an fsync of the log that started after this call has finished: everything committed before the
    /// call is then on disk. Callers that arrive while an fsync runs share the next one.
    /// </summary>
    public Task SyncAsync(CancellationToken cancellationToken)
    {
        if (!Grouped)
        {
            return Task.CompletedTask;
        }

        Round round;
        var lead = false;
        lock (_gate)
        {
            round = _waiting ??= new Round();
            if (!_running)
            {
                _running = true;
                lead = true;
            }
        }

        if (lead)
        {
            _ = Task.Run(RunRoundsAsync, CancellationToken.None);
        }

        return round.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs rounds one after another until nobody waits: a round takes everyone who arrived before it started.</summary>
    private async Task RunRoundsAsync()
    {
        while (true)
        {
            Round round;
            lock (_gate)
            {
                if (_waiting is null)
                {
                    _running = false;
                    return;
                }

                round = _waiting;
                _waiting = null;
            }

            try
            {
                await _sync(_logPath!, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref _syncs);
                round.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                // Nobody in this round may be told their turn is on disk.
                round.Done.TrySetException(ex);
            }
        }
    }

    private static string? LogPathFor(DatabaseSettings settings)
    {
        if (settings.Provider != DatabaseProvider.Sqlite || settings.SqliteSynchronous != SqliteSynchronous.Full)
        {
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource.Equals(":memory:", StringComparison.Ordinal))
        {
            return null;
        }

        return Path.GetFullPath(builder.DataSource) + "-wal";
    }

    /// <summary>
    /// fsync of the log. An fsync covers the file's data whichever descriptor wrote it, so a fresh descriptor serves;
    /// it is opened per round because SQLite deletes and recreates the log when the last connection closes. No log
    /// file means nothing is waiting in one: a checkpoint under NORMAL syncs the log before and the database after.
    /// </summary>
    private static ValueTask SyncFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            RandomAccess.FlushToDisk(handle);
        }
        catch (FileNotFoundException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private sealed class Round
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
