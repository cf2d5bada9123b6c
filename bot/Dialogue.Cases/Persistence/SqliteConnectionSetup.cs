using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dialogue.Cases.Persistence;

/// <summary>
/// How SQLite makes a commit durable (<c>Database:SqliteSynchronous</c>). With the write-ahead log (always on here):
/// <see cref="Normal"/> syncs the log at checkpoints only, so a commit survives a crash or kill of the process but the
/// last commits can be lost on a power failure or OS crash; <see cref="Full"/> syncs the log at every commit.
/// </summary>
public enum SqliteSynchronous
{
    Normal,
    Full,
}

/// <summary>
/// Sets each new SQLite connection up once (pooled connections keep it): <c>synchronous</c> as configured, and a
/// <c>busy_timeout</c> so a writer that finds another writer busy waits inside SQLite (sleeping a millisecond or so
/// between tries) instead of getting <c>SQLITE_BUSY</c>, which Microsoft.Data.Sqlite retries only every 150 ms. Under
/// concurrent turns those 150 ms waits were most of the turn latency. With <c>Full</c>, every open also puts
/// <c>synchronous</c> back to FULL: a turn commits at NORMAL on its connection and shares an fsync with others
/// (<see cref="SqliteTurnSync"/>), and whoever gets that pooled connection next must commit with an fsync again.
/// </summary>
internal sealed class SqliteConnectionSetup(SqliteSynchronous synchronous, TimeSpan busyTimeout) : DbConnectionInterceptor
{
    private readonly ConditionalWeakTable<object, object> _prepared = [];
    private readonly string _pragmas =
        $"PRAGMA synchronous={(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    private void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite || sqlite.Handle is not { } handle)
        {
            return;
        }

        // The native handle outlives the pooled SqliteConnection object: each handle is set up once, and with FULL its
        // synchronous level is restored on every open.
        var sql = !_prepared.TryGetValue(handle, out _) ? _pragmas
            : synchronous == SqliteSynchronous.Full ? SqliteTurnSync.FullSql
            : null;
        if (sql is null)
        {
            return;
        }

        using (var command = sqlite.CreateCommand())
        {
#pragma warning disable CA2100 // Built from an enum and a number, not from input.
            command.CommandText = sql;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }

        _prepared.AddOrUpdate(handle, handle);
    }
}
