using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// Regression (found by the PostgreSQL restart test): a turn whose database call failed for a passing reason (the
/// database restarting, SQLite busy) was marked failed and answered with an apology once the database was back, so the
/// message was never really answered. Now it is not committed: the request gets 503 with Retry-After, the message stays
/// pending, and the channel's retry with the same id gets the real answer.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TransientTurnFailureTests
{
    [Fact]
    public async Task A_turn_cut_off_by_a_database_failure_is_run_again_not_answered_with_an_apology()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var flaky = new DatabaseGoesAwayOnce();
        await using var app = new DialogueApp(database, services => services.AddSingleton<ITurnMiddleware>(flaky));
        var apology = TextCatalog.Bokmal.Render(TurnPipeline.ErrorText);

        var first = await app.PostAsync(Activities.Message("transient-1", "hei", "transient-1-a"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.Status);
        // Nothing of the cut-off turn is committed: no row marked processed or failed, no apology stored (an
        // expectReplies activity is stored with its turn, so there may be no row at all).
        Assert.Equal(0, await app.WithDbAsync(db => db.Inbox.CountAsync(x => x.Status != InboundStatus.Pending || x.RepliesJson != null)));

        var again = await app.PostAsync(Activities.Message("transient-1", "hei", "transient-1-a"));
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.NotEmpty(again.Replies);
        Assert.DoesNotContain(again.Replies, r => r.Text == apology);
        Assert.Equal(InboundStatus.Processed, (await app.WithDbAsync(db => db.Inbox.SingleAsync())).Status);
        Assert.Equal(2, flaky.Calls);
    }

    /// <summary>The first turn through it fails as a busy SQLite database does; later turns pass.</summary>
    private sealed class DatabaseGoesAwayOnce : ITurnMiddleware
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
                    new SqliteException("database is locked", 5))
                : next(cancellationToken);
    }
}
