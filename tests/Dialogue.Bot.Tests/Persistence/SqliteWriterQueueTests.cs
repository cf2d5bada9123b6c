using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Dialogue.Bot.Tests.Persistence;

/// <summary>
/// The process's SQLite write transactions take their turn in arrival order (<see cref="SqliteWriterQueue"/>) instead
/// of sleeping in SQLite's busy handler: a transaction starts only when the one before it has ended, however it ended,
/// and a flow that opens a second transaction while holding one gets SQLite's busy error, not a deadlock.
/// </summary>
public sealed class SqliteWriterQueueTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("dialogue-writer-queue-").FullName;

    [Fact]
    public async Task Write_transactions_start_one_after_another_in_the_order_they_asked()
    {
        var (options, queue) = Options(TimeSpan.FromSeconds(30));
        var contexts = Enumerable.Range(0, 4).Select(_ => new DialogueDbContext(options)).ToList();
        try
        {
            await contexts[0].Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
            var first = await contexts[0].Database.BeginTransactionAsync();
            await contexts[0].Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (0)");

            var waiting = new List<Task<IDbContextTransaction>>();
            for (var i = 1; i < contexts.Count; i++)
            {
                waiting.Add(contexts[i].Database.BeginTransactionAsync());
                await Until(() => queue.Waiting == waiting.Count);
            }

            Assert.All(waiting, w => Assert.False(w.IsCompleted));
            await first.CommitAsync();
            for (var i = 0; i < waiting.Count; i++)
            {
                var transaction = await waiting[i].WaitAsync(Bound);
                Assert.All(waiting.Skip(i + 1), w => Assert.False(w.IsCompleted)); // the later ones still wait their turn
                await contexts[i + 1].Database.ExecuteSqlAsync($"INSERT INTO t VALUES ({i + 1})");
                await transaction.CommitAsync();
            }

            Assert.Equal([0, 1, 2, 3], await contexts[0].Database.SqlQueryRaw<int>("SELECT x AS Value FROM t ORDER BY rowid").ToListAsync());
        }
        finally
        {
            foreach (var context in contexts)
            {
                await context.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_transaction_left_without_commit_or_rollback_passes_the_turn_on_when_its_connection_closes()
    {
        var (options, queue) = Options(TimeSpan.FromSeconds(30));
        await using var second = new DialogueDbContext(options);
        var first = new DialogueDbContext(options);
        await first.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
        await first.Database.BeginTransactionAsync();

        var next = second.Database.BeginTransactionAsync();
        await Until(() => queue.Waiting == 1);
        Assert.False(next.IsCompleted);

        await first.DisposeAsync(); // no commit, no rollback: the context closes its connection
        await using var transaction = await next.WaitAsync(Bound);
        await second.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (1)");
        await transaction.CommitAsync();
    }

    [Fact]
    public async Task A_second_transaction_opened_while_holding_one_fails_busy_instead_of_waiting_forever()
    {
        var (options, _) = Options(TimeSpan.FromMilliseconds(300));
        await using var holding = new DialogueDbContext(options);
        await using var other = new DialogueDbContext(options);
        await holding.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS t (x INTEGER)");
        await using var held = await holding.Database.BeginTransactionAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => other.Database.BeginTransactionAsync().WaitAsync(Bound));
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY: after the queue's wait, SQLite's own lock said no
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private (DbContextOptions<DialogueDbContext> Options, SqliteWriterQueue Queue) Options(TimeSpan busyTimeout)
    {
        var settings = DatabaseSettings.From("Sqlite", $"Data Source={Path.Combine(_folder, "d.db")}") with { SqliteBusyTimeout = busyTimeout };
        var builder = new DbContextOptionsBuilder<DialogueDbContext>();
        settings.Configure(builder);
        var options = builder.Options;
        var queue = Assert.Single(options.FindExtension<CoreOptionsExtension>()!.Interceptors!.OfType<SqliteWriterQueue>());
        return (options, queue);
    }

    private static async Task Until(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the transaction never reached the queue");
            await Task.Delay(10);
        }
    }
}
