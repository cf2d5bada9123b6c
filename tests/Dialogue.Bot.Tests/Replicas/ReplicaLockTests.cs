using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Replicas;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Dialogue.Bot.Tests.Replicas;

/// <summary>
/// <see cref="PostgresReplicaLocks"/> as two replicas see it: two instances, each with its own data source and
/// in-process lock, over one PostgreSQL database. What one holds the other cannot take until it is released, or until
/// the holder's session dies; a caller that gives up waiting leaves nothing held behind.
/// </summary>
public sealed class ReplicaLockTests
{
    private const string Name = "turn:test/conversation-1";

    [Theory]
    [PostgresData]
    public async Task A_lock_held_on_one_replica_blocks_the_other_until_it_is_released(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var replicas = Replicas.Create(db);

        var held = await replicas.A.AcquireAsync(Name, CancellationToken.None);
        Assert.Null(await replicas.B.TryAcquireAsync(Name, CancellationToken.None));

        var waiting = replicas.B.AcquireAsync(Name, CancellationToken.None);
        await replicas.WaitUntilWaitingAsync(1); // B's session is queued on the server for A's lock
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Null(await replicas.A.TryAcquireAsync(Name, CancellationToken.None)); // now B holds it
        await taken.DisposeAsync();

        var again = await replicas.A.TryAcquireAsync(Name, CancellationToken.None);
        Assert.NotNull(again);
        await again.DisposeAsync();

        // Other names are independent.
        await using var one = await replicas.A.AcquireAsync("turn:test/one", CancellationToken.None);
        var other = await replicas.B.TryAcquireAsync("turn:test/other", CancellationToken.None);
        Assert.NotNull(other);
        await other.DisposeAsync();
    }

    [Theory]
    [PostgresData]
    public async Task A_lock_is_released_when_its_holders_session_dies(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var replicas = Replicas.Create(db);

        var held = await replicas.A.AcquireAsync(Name, CancellationToken.None);
        var waiting = replicas.B.AcquireAsync(Name, CancellationToken.None);
        await replicas.WaitUntilWaitingAsync(1);

        // Replica A's database session ends (the process died, or the network went): the server drops its locks.
        var holder = Assert.Single(await replicas.AdvisoryLocksAsync(granted: true));
        await replicas.ExecuteAsync($"SELECT pg_terminate_backend({holder})");

        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(holder, Assert.Single(await replicas.AdvisoryLocksAsync(granted: true)));
        await held.DisposeAsync(); // releasing on a dead session does not throw: the session is discarded
        await taken.DisposeAsync();
        Assert.Empty(await replicas.AdvisoryLocksAsync(granted: true));
    }

    [Theory]
    [PostgresData]
    public async Task Giving_up_while_waiting_leaves_no_lock_held(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var replicas = Replicas.Create(db);

        var held = await replicas.A.AcquireAsync(Name, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = replicas.B.AcquireAsync(Name, cancel.Token);
        await replicas.WaitUntilWaitingAsync(1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await held.DisposeAsync();

        // Nobody holds it now: neither B's abandoned session nor B's in-process lock kept it.
        Assert.Empty(await replicas.AdvisoryLocksAsync(granted: true));
        Assert.Empty(await replicas.AdvisoryLocksAsync(granted: false));
        var b = await replicas.B.TryAcquireAsync(Name, CancellationToken.None);
        Assert.NotNull(b);
        await b.DisposeAsync();
        var a = await replicas.A.TryAcquireAsync(Name, CancellationToken.None);
        Assert.NotNull(a);
        await a.DisposeAsync();
    }

    /// <summary>Two replicas' lock services (own data source, own in-process lock each) and an observer's connection.</summary>
    private sealed class Replicas : IAsyncDisposable
    {
        private readonly ReplicaConnections _a;
        private readonly ReplicaConnections _b;
        private readonly string _connectionString;

        private Replicas(TestDatabase db)
        {
            _connectionString = db.ConnectionString;
            var settings = new DatabaseSettings(DatabaseProvider.Postgres, db.ConnectionString);
            _a = new ReplicaConnections(settings);
            _b = new ReplicaConnections(settings);
            A = new PostgresReplicaLocks(_a, new KeyedLock(), NullLogger<PostgresReplicaLocks>.Instance);
            B = new PostgresReplicaLocks(_b, new KeyedLock(), NullLogger<PostgresReplicaLocks>.Instance);
        }

        public PostgresReplicaLocks A { get; }

        public PostgresReplicaLocks B { get; }

        public static Replicas Create(TestDatabase db) => new(db);

        /// <summary>The backend pids holding (or waiting for) advisory locks in this test's database.</summary>
        public async Task<List<int>> AdvisoryLocksAsync(bool granted)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = granted });
            var pids = new List<int>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }

            return pids;
        }

        /// <summary>Waits (bounded) until this many sessions are queued for an advisory lock on the server.</summary>
        public async Task WaitUntilWaitingAsync(int sessions)
        {
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while ((await AdvisoryLocksAsync(granted: false)).Count < sessions)
            {
                Assert.True(DateTime.UtcNow < until, $"{sessions} session(s) never queued for the lock");
                await Task.Delay(20);
            }
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
        }
    }
}
