using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Persistence;

/// <summary>
/// Every SQLite connection the app opens gets <c>synchronous</c> as configured (<c>Database:SqliteSynchronous</c>) and a
/// busy timeout, so concurrent writers wait inside SQLite instead of Microsoft.Data.Sqlite's 150 ms retry sleeps.
/// </summary>
public sealed class SqliteConnectionSetupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dialogue-sqlite-setup-").FullName;

    [Theory]
    [InlineData(null, 2L)]       // default: FULL (an acknowledged message survives a power failure too)
    [InlineData("Normal", 1L)]
    [InlineData("full", 2L)]
    public async Task Connections_get_the_configured_synchronous_mode_and_a_busy_timeout(string? setting, long expected)
    {
        var options = Options(DatabaseSettings.From("Sqlite", $"Data Source={Path.Combine(_folder, "d.db")}", setting));

        // Twice: the second context gets the pooled connection back (one set of options, as in the app: one connection
        // setup that remembers what it prepared), which must still be set up.
        for (var i = 0; i < 2; i++)
        {
            await using var db = new DialogueDbContext(options);
            await db.Database.OpenConnectionAsync();
            Assert.Equal(expected, await ScalarAsync(db, "PRAGMA synchronous;"));
            Assert.Equal(30_000L, await ScalarAsync(db, "PRAGMA busy_timeout;"));
            await db.Database.CloseConnectionAsync();
        }
    }

    [Fact]
    public async Task With_full_a_connection_left_at_normal_by_a_turn_is_full_again_for_its_next_user()
    {
        var options = Options(DatabaseSettings.From("Sqlite", $"Data Source={Path.Combine(_folder, "d.db")}"));
        await using (var turn = new DialogueDbContext(options))
        {
            await turn.Database.OpenConnectionAsync();
            await using var command = turn.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL;"; // what a turn does for group commit
            await command.ExecuteNonQueryAsync();
            Assert.Equal(1L, await ScalarAsync(turn, "PRAGMA synchronous;"));
            await turn.Database.CloseConnectionAsync();
        }

        // The same pooled connection (one was ever opened), its next user.
        await using var next = new DialogueDbContext(options);
        await next.Database.OpenConnectionAsync();
        Assert.Equal(2L, await ScalarAsync(next, "PRAGMA synchronous;"));
    }

    [Theory]
    [InlineData("Off")]
    [InlineData("7")]
    public void An_unknown_synchronous_mode_stops_the_start(string setting)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DatabaseSettings.From("Sqlite", "Data Source=x.db", setting));
        Assert.Contains("Database:SqliteSynchronous", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static DbContextOptions<DialogueDbContext> Options(DatabaseSettings settings)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        settings.Configure(options);
        return options.Options;
    }

    private static async Task<long> ScalarAsync(DialogueDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
