using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.TestHost;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>
/// What one turn through /api/messages (expectReplies) costs the database: one durable commit (the activity is stored
/// with its turn) and an upper bound on the reads, so a change that adds a query or a second commit to every turn is
/// noticed. Counts, not timings. The statements are printed for a failing run.
/// </summary>
public sealed class TurnStatementTests(ITestOutputHelper output)
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_of_someone_without_a_case_makes_four_reads_and_one_commit(DatabaseProvider provider)
    {
        var (reads, statements, commits, opens) = await MeasureSecondTurnAsync(provider, from: "stranger-1", first: "hei", second: "1");

        // The inbox row by its key (a repeat?), the state rows, the channel link and the open handoff.
        Assert.Equal(4, reads);
        Assert.InRange(statements, 5, 6); // + the inbox row and the state, in one transaction (batched on PostgreSQL)
        Assert.Equal(1, commits);
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal(1, opens); // one SQLite connection for the whole turn, not one per statement
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_of_a_person_with_a_case_stays_within_nine_reads_and_one_commit(DatabaseProvider provider)
    {
        var (reads, _, commits, _) = await MeasureSecondTurnAsync(provider, from: "demo-kari", first: "hei", second: "ja");

        // The four above, and the person, their contact record, appointments and activities (the check-in reads one again).
        Assert.InRange(reads, 1, 9);
        Assert.Equal(1, commits); // state, inbox row, journal entries and contact record together
    }

    private async Task<(int Reads, int Statements, int Commits, int Opens)> MeasureSecondTurnAsync(
        DatabaseProvider provider, string from, string first, string second)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, host: h => h.UseTestServer(o => o.PreserveExecutionContext = true));
        using var recorder = new SqlRecorder();
        Assert.NotEmpty(await app.SayAsync("budget", first, from: from)); // the first turn creates the state rows

        using (recorder.Record())
        {
            Assert.NotEmpty(await app.SayAsync("budget", second, from: from));
        }

        var statements = recorder.Statements;
        foreach (var statement in statements)
        {
            output.WriteLine(statement);
        }

        var reads = statements.Count(s => s.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        output.WriteLine($"{reads} reads, {statements.Count} statements, {recorder.Commits} commits, {recorder.Opens} connection opens");
        return (reads, statements.Count, recorder.Commits, recorder.Opens);
    }
}
