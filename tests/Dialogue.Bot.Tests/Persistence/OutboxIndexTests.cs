using Dialogue.Bot.Security;
using Dialogue.Cases.Persistence;
using Dialogue.Plan.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Persistence;

/// <summary>
/// The daily outbound SMS cap counts one number's SMS before every send. Over the migrated schema that count must be
/// answered from the outbox's conversation index, not by scanning every SMS ever sent (which grows with every person).
/// </summary>
public sealed class OutboxIndexTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dialogue-outbox-index-").FullName;

    [Fact]
    public async Task The_daily_sms_count_for_one_number_uses_the_conversation_index()
    {
        var settings = DatabaseSettings.From("Sqlite", $"Data Source={Path.Combine(_folder, "d.db")}");
        var services = new ServiceCollection().AddDialoguePersistence(settings).BuildServiceProvider();
        await using (services)
        {
            var factory = services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();
            await settings.MigrateAsync(factory, CancellationToken.None);

            await using var db = await factory.CreateDbContextAsync();
            var query = OutboundSmsCap.SentSince(db.Outbox.AsNoTracking(), PhoneNumber.Parse("+4799990001"), DateTimeOffset.UnixEpoch);
            var plan = await ExplainAsync(db, query.ToQueryString());

            Assert.Contains("ix_outbound_activities_conversation", plan, StringComparison.Ordinal);
            Assert.DoesNotContain("SCAN", plan, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>SQLite's query plan for <paramref name="sql"/> (as EF renders it, parameters declared first).</summary>
    private static async Task<string> ExplainAsync(DialogueDbContext db, string sql)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var lines = sql.Split('\n');
        foreach (var declaration in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = declaration[".param set ".Length..].Split(' ', 2);
            command.Parameters.AddWithValue(parts[0], parts[1].Trim().Trim('\''));
        }

        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param set ", StringComparison.Ordinal)));
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join(" | ", plan);
    }
}
