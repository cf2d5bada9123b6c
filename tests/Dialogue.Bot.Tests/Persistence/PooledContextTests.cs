using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Persistence;

/// <summary>
/// The app's contexts come from a pool, so one instance serves many turns and writers in turn. What the journal
/// interceptor remembers about one use (a turn's scope, or suppression by a writer that journals itself) must not
/// reach the next user of the same instance: a suppressed context handed on would silently stop journaling.
/// </summary>
public sealed class PooledContextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dialogue-pooled-").FullName;

    [Fact]
    public async Task A_pooled_context_comes_back_without_the_previous_users_journal_scope_or_suppression()
    {
        var services = new ServiceCollection()
            .AddDialoguePersistence(DatabaseSettings.From("Sqlite", $"Data Source={Path.Combine(_folder, "d.db")}"))
            .BuildServiceProvider();
        await using (services)
        {
            var factory = services.GetRequiredService<IDbContextFactory<DialogueDbContext>>();

            var first = await factory.CreateDbContextAsync();
            JournalInterceptor.Suppress(first);
            JournalInterceptor.SetTurnScope(first, new JournalScope(null, "sms", "+4799999999"));
            Assert.True(JournalInterceptor.Remembers(first));
            await first.DisposeAsync();

            await using var second = await factory.CreateDbContextAsync();
            Assert.Same(first, second); // the pool handed the same instance back: the case this protects
            Assert.False(JournalInterceptor.Remembers(second));

            var third = factory.CreateDbContext();
            JournalInterceptor.Suppress(third);
            third.Dispose();
            Assert.False(JournalInterceptor.Remembers(third));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
