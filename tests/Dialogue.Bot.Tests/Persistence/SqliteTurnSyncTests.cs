using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Persistence;

/// <summary>
/// Group commit for turns on SQLite (<see cref="SqliteTurnSync"/>): a turn commits without its own fsync and is
/// acknowledged only after an fsync of the log that started after its commit; turns that commit while an fsync runs
/// share the next one; a failed fsync acknowledges nobody; the turn's connection goes back to the pool at FULL.
/// </summary>
public sealed class SqliteTurnSyncTests
{
    [Fact]
    public async Task Callers_that_arrive_while_a_sync_runs_wait_for_the_next_one_and_share_it()
    {
        var syncs = new List<TaskCompletionSource>();
        var started = new SemaphoreSlim(0);
        var sync = new SqliteTurnSync("/db-wal", async (_, _) =>
        {
            var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (syncs)
            {
                syncs.Add(run);
            }

            started.Release();
            await run.Task;
        });

        var first = sync.SyncAsync(CancellationToken.None);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));

        // B and C commit while the first fsync runs: that fsync may have started before their commits.
        var second = sync.SyncAsync(CancellationToken.None);
        var third = sync.SyncAsync(CancellationToken.None);
        syncs[0].SetResult();
        await first;
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);

        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        syncs[1].SetResult();
        await Task.WhenAll(second, third);
        Assert.Equal(2, syncs.Count); // one fsync for both
        Assert.Equal(2, sync.Syncs);
    }

    [Fact]
    public async Task A_failed_sync_acknowledges_nobody_in_its_round_and_the_next_round_syncs_again()
    {
        var calls = 0;
        var sync = new SqliteTurnSync("/db-wal", (_, _) =>
            Interlocked.Increment(ref calls) == 1 ? ValueTask.FromException(new IOException("disk gone")) : ValueTask.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => sync.SyncAsync(CancellationToken.None));
        await sync.SyncAsync(CancellationToken.None);
        Assert.Equal(2, calls);
        Assert.Equal(1, sync.Syncs);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=x.db", null, true)]
    [InlineData("Sqlite", "Data Source=x.db", "Normal", false)]    // no fsync per commit was asked for
    [InlineData("Sqlite", "Data Source=:memory:", null, false)]
    [InlineData("Sqlite", "Data Source=x;Mode=Memory;Cache=Shared", null, false)]
    [InlineData("Postgres", "Host=localhost", null, false)]
    public void Only_file_databases_with_full_sync_group_their_turns(string provider, string connection, string? synchronous, bool grouped) =>
        Assert.Equal(grouped, new SqliteTurnSync(DatabaseSettings.From(provider, connection, synchronous)).Grouped);

    [Fact]
    public async Task Turns_are_synced_before_they_are_answered_and_the_next_user_of_their_connection_commits_at_full()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var sync = app.Services.GetRequiredService<SqliteTurnSync>();
        Assert.True(sync.Grouped);

        Assert.NotEmpty(await app.SayAsync("group-sync", "hei"));
        Assert.NotEmpty(await app.SayAsync("group-sync", "Kari"));
        Assert.True(sync.Syncs >= 2, $"{sync.Syncs} syncs for two turns");

        // Whoever opens a pooled connection a turn used gets it at FULL (2) again.
        Assert.Equal(2L, await app.WithDbAsync(async d =>
        {
            await d.Database.OpenConnectionAsync();
            await using var command = d.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous;";
            return (long)(await command.ExecuteScalarAsync())!;
        }));
    }

    [Fact]
    public async Task The_real_sync_flushes_an_existing_log_and_accepts_a_missing_one()
    {
        var folder = Directory.CreateTempSubdirectory("dialogue-turn-sync-").FullName;
        try
        {
            var file = Path.Combine(folder, "d.db");
            var sync = new SqliteTurnSync(DatabaseSettings.From("Sqlite", $"Data Source={file}"));
            await sync.SyncAsync(CancellationToken.None); // no log yet: nothing waits in one

            await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);";
                await command.ExecuteNonQueryAsync();
                Assert.True(File.Exists(file + "-wal"));
                await sync.SyncAsync(CancellationToken.None);
            }

            Assert.Equal(2, sync.Syncs);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
