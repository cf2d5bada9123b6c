using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.AspNetCore.TestHost;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Messages;

/// <summary>
/// How many SQL statements and durable commits one turn through /api/messages costs (expectReplies): an upper bound,
/// so a change that adds a query or a second commit to every turn is noticed. Counts, not timings.
/// </summary>
public sealed class TurnStatementTests(ITestOutputHelper output)
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_turn_of_a_person_with_a_case_stays_within_its_statement_and_commit_budget(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, host: h => h.UseTestServer(o => o.PreserveExecutionContext = true));
        using var recorder = new SqlRecorder();
        Assert.NotEmpty(await app.SayAsync("kari-budget", "hei", from: "demo-kari")); // warm: first-use queries, state rows created

        using (recorder.Record())
        {
            Assert.NotEmpty(await app.SayAsync("kari-budget", "ja", from: "demo-kari"));
        }

        foreach (var statement in recorder.Statements)
        {
            output.WriteLine(statement);
        }

        output.WriteLine($"{recorder.Statements.Count} statements, {recorder.Commits} commits");
        Assert.Fail("exploring");
    }

    [Theory]
    [SqliteData]
    public async Task A_turn_of_a_stranger_stays_within_its_statement_and_commit_budget(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, host: h => h.UseTestServer(o => o.PreserveExecutionContext = true));
        using var recorder = new SqlRecorder();
        Assert.NotEmpty(await app.SayAsync("stranger-budget", "hei"));

        using (recorder.Record())
        {
            Assert.NotEmpty(await app.SayAsync("stranger-budget", "1"));
        }

        foreach (var statement in recorder.Statements)
        {
            output.WriteLine(statement);
        }

        output.WriteLine($"{recorder.Statements.Count} statements, {recorder.Commits} commits");
        Assert.Fail("exploring");
    }
}
