using System.Net;
using Dialogue.Bot.Cli;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Journal;

/// <summary>
/// The case record: every conversation with a known person ends up in their journal in the same transaction as what
/// it records, hash-chained per person, and <c>journal verify</c> finds any change made behind the app's back.
/// </summary>
public sealed class JournalTests
{
    private static readonly PersonId Kari = new(Guid.Parse("de300000-0000-4000-8000-004799990001"));

    private static Task<List<string>> SayAsKari(DialogueApp app, string text) => app.SayAsync("kari", text, from: "demo-kari");

    private static Task<List<JournalEntry>> EntriesAsync(DialogueApp app, PersonId person) =>
        app.WithDbAsync(d => d.Journal.AsNoTracking().Where(e => e.PersonId == person).OrderBy(e => e.Id).ToListAsync());

    private static async Task<List<JournalEntry>> NewEntriesAsync(DialogueApp app, PersonId person) =>
        (await EntriesAsync(app, person)).Where(e => !(e.DataJson ?? string.Empty).Contains("\"demo-", StringComparison.Ordinal)).ToList();

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Karis_check_in_is_journaled_both_sides_with_the_plan_changes_and_the_confirmed_summary(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        app.Clock.Now = new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);
        foreach (var text in new[] { "hei", "ja", "ja", "ikke ennå", "ny dag", "på fredag", "nei", "ja" })
        {
            await SayAsKari(app, text);
        }

        var entries = await NewEntriesAsync(app, Kari);
        var said = entries.Where(e => e.Kind == JournalKinds.MessageIn).Select(e => e.Text).ToList();
        Assert.Equal(["hei", "ja", "ja", "ikke ennå", "ny dag", "på fredag", "nei", "ja"], said);
        Assert.All(entries.Where(e => e.Kind == JournalKinds.MessageIn), e => Assert.Equal((JournalActors.Person, "test", "kari"), (e.Actor, e.ChannelId, e.ConversationId)));
        var answers = entries.Where(e => e.Kind == JournalKinds.MessageOut).ToList();
        Assert.Contains(answers, e => e.Text!.StartsWith("Hei Kari", StringComparison.Ordinal));
        Assert.Contains(answers, e => e.Text == Dialogue.Language.Catalog.TextCatalog.Bokmal.Render("recap.saved"));
        Assert.All(answers, e => Assert.Equal(JournalActors.Bot, e.Actor));

        var activity = Assert.Single(entries, e => e.Kind == JournalKinds.Activity && e.Text == "Søke på to jobber");
        Assert.Contains("\"changed\"", activity.DataJson!, StringComparison.Ordinal);
        Assert.Contains(entries, e => e.Kind == JournalKinds.Activity && e.Text == "Lage en CV" && e.DataJson!.Contains("Fullfort", StringComparison.Ordinal));
        Assert.Contains("toDate", activity.DataJson!, StringComparison.Ordinal);
        var summary = Assert.Single(entries, e => e.Kind == JournalKinds.Summary);
        Assert.Contains("\"confirmed\":true", summary.DataJson!, StringComparison.Ordinal);
        Assert.Contains("Søke på to jobber", summary.Text!, StringComparison.Ordinal);

        // The summary is journaled after the message that confirmed it and before the thanks.
        var lastIn = entries.Last(e => e.Kind == JournalKinds.MessageIn);
        Assert.True(summary.Id > lastIn.Id);
        Assert.True(entries.Last(e => e.Kind == JournalKinds.MessageOut).Id > lastIn.Id);

        await app.Services.GetRequiredService<JournalSealer>().SealPendingAsync(CancellationToken.None);
        var verified = await app.WithDbAsync(d => JournalVerifier.VerifyAsync(d, CancellationToken.None));
        Assert.True(verified.Intact, string.Join("; ", verified.Breaks));
        Assert.Equal(0, verified.Unsealed);
        var chain = (await EntriesAsync(app, Kari)).OrderBy(e => e.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, chain.Count).Select(i => (long?)i), chain.Select(e => e.Seq));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_acute_message_journals_its_risk_the_escalation_and_every_history_event(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        await SayAsKari(app, "har tatt alle pillene mine");
        var staff = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        var id = (await staff.InboxAsync())[0]!["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/escalations/{id}/acknowledge")).Status);

        var entries = await NewEntriesAsync(app, Kari);
        var message = Assert.Single(entries, e => e.Kind == JournalKinds.MessageIn);
        Assert.Equal(RiskLevel.Acute, message.RiskLevel);
        Assert.Contains("overdose", message.DataJson!, StringComparison.Ordinal);
        var escalation = Assert.Single(entries, e => e.Kind == JournalKinds.Escalation);
        Assert.Equal(RiskLevel.Acute, escalation.RiskLevel);
        Assert.Contains(id.ToString(), escalation.DataJson!, StringComparison.Ordinal);
        var history = entries.Where(e => e.Kind == JournalKinds.EscalationEvent).ToList();
        Assert.Equal(["created", "notified", "acknowledged"], history.Select(e => System.Text.Json.JsonDocument.Parse(e.DataJson!).RootElement.GetProperty("type").GetString()));
        Assert.Equal((JournalActors.Veileder, "Marte Lien"), (history[2].Actor, history[2].ActorName));
        Assert.Contains(entries, e => e.Kind == JournalKinds.MessageOut && e.Text!.Contains("113", StringComparison.Ordinal));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_handoff_journals_its_start_and_end_with_the_veileders_name_and_her_messages(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await SayAsKari(app, "vil ikke leve lenger");
        var staff = await StaffApiClient.SignInAsync(app, StaffApiClient.Marte);
        var id = (await staff.InboxAsync())[0]!["id"]!.GetValue<Guid>();

        var takeover = await staff.PostAsync($"/veileder/api/escalations/{id}/takeover");
        var handoff = takeover.Body!["handoffId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoff}/messages", new { text = "Hei Kari. Jeg ringer deg snart." })).Status);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoff}/end")).Status);

        var entries = await NewEntriesAsync(app, Kari);
        var start = Assert.Single(entries, e => e.Kind == JournalKinds.HandoffStart);
        var end = Assert.Single(entries, e => e.Kind == JournalKinds.HandoffEnd);
        Assert.Equal(("Marte Lien", "Marte Lien"), (start.ActorName, end.ActorName));
        var written = entries.Where(e => e.Kind == JournalKinds.MessageVeileder).ToList();
        Assert.Contains(written, e => e.Text!.Contains("Jeg ringer deg snart", StringComparison.Ordinal) && e.ActorName == "Marte Lien");
        Assert.True(start.Id < written[^1].Id && written[^1].Id < end.Id);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_sms_check_in_is_journaled_and_a_delivery_receipt_appends_its_final_status(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        var sid = await sms.SavedSidAsync();

        await sms.SendStatusAsync(sid, "sent");
        await sms.SendStatusAsync(sid, "delivered");

        var entries = await NewEntriesAsync(sms.App, Kari);
        var inbound = Assert.Single(entries, e => e.Kind == JournalKinds.MessageIn);
        Assert.Equal(("hei", "sms"), (inbound.Text, inbound.ChannelId));
        var answer = Assert.Single(entries, e => e.Kind == JournalKinds.MessageOut);
        Assert.StartsWith("Hei Kari", answer.Text, StringComparison.Ordinal);
        var receipt = Assert.Single(entries, e => e.Kind == JournalKinds.SmsDelivery);
        Assert.Contains("\"status\":\"delivered\"", receipt.DataJson!, StringComparison.Ordinal);
        var activityId = System.Text.Json.JsonDocument.Parse(answer.DataJson!).RootElement.GetProperty("activityId").GetString();
        Assert.Contains(activityId!, receipt.DataJson!, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_failed_turns_dropped_changes_are_not_journaled_but_its_kept_escalation_is(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, services => services.AddSingleton<IBot>(new MoodThenMaybeThrowBot()));

        await SayAsKari(app, "hei");
        await SayAsKari(app, "stressa for møtet med nav i morgen. krasj");

        var entries = await NewEntriesAsync(app, Kari);
        Assert.Single(entries, e => e.Kind == JournalKinds.Mood); // the first turn's, not the failed one's
        var failed = Assert.Single(entries, e => e.Kind == JournalKinds.MessageIn && e.Text!.Contains("krasj", StringComparison.Ordinal));
        Assert.Contains("\"outcome\":\"failed\"", failed.DataJson!, StringComparison.Ordinal);
        Assert.Equal(RiskLevel.Moderate, failed.RiskLevel);
        Assert.Single(entries, e => e.Kind == JournalKinds.Escalation);
        Assert.Contains(entries, e => e.Kind == JournalKinds.EscalationEvent);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_app_refuses_to_change_or_delete_a_journal_entry(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.Services.GetRequiredService<JournalSealer>().SealPendingAsync(CancellationToken.None);

        await Assert.ThrowsAsync<JournalTamperingException>(() => app.WithDbAsync(async d =>
        {
            var entry = await d.Journal.FirstAsync(e => e.Kind == JournalKinds.MessageIn);
            entry.Text = "noe annet";
            return await d.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<JournalTamperingException>(() => app.WithDbAsync(async d =>
        {
            d.Journal.Remove(await d.Journal.FirstAsync());
            return await d.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<JournalTamperingException>(() => app.WithDbAsync(async d =>
        {
            var entry = await d.Journal.FirstAsync(e => e.Seq != null);
            entry.Seq = 99;
            entry.Hash = "0";
            return await d.SaveChangesAsync();
        }));
    }

    public enum Tampering
    {
        OneByteOfText,
        DeletedEntry,
        SwappedOrder,
        ChangedKind,
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, Tampering.OneByteOfText, "content changed")]
    [InlineData(DatabaseProvider.Sqlite, Tampering.DeletedEntry, "gap (deleted entry)")]
    [InlineData(DatabaseProvider.Sqlite, Tampering.SwappedOrder, "chain broken")]
    [InlineData(DatabaseProvider.Sqlite, Tampering.ChangedKind, "hash mismatch")]
    [InlineData(DatabaseProvider.Postgres, Tampering.OneByteOfText, "content changed")]
    [InlineData(DatabaseProvider.Postgres, Tampering.DeletedEntry, "gap (deleted entry)")]
    [InlineData(DatabaseProvider.Postgres, Tampering.SwappedOrder, "chain broken")]
    public async Task Journal_verify_passes_on_a_fresh_demo_database_and_names_the_first_entry_changed_behind_its_back(
        DatabaseProvider provider, Tampering tampering, string fault)
    {
        if (provider == DatabaseProvider.Postgres && TestDatabase.PostgresServer is null && !TestDatabase.RunningInCi)
        {
            return; // no PostgreSQL server here (./test.sh warns about skipped PostgreSQL tests)
        }

        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var app = new DialogueApp(db))
        {
            _ = app.Services; // starts the host: schema and demo data (with Kari's sealed past conversation)
        }

        var (exit, output) = Verify(db);
        Assert.True(exit == 0, output);
        Assert.Contains("All chains intact", output, StringComparison.Ordinal);
        Assert.Matches(@"Journal: 1 cases, 1\d entries \(0 not yet sealed", output);

        var target = await WithContextAsync(db, d => d.Journal.Where(e => e.PersonId == Kari && e.Seq == 3).Select(e => e.Id).SingleAsync());
        var sql = tampering switch
        {
            Tampering.OneByteOfText => $"UPDATE journal_entries SET \"Text\" = 'ikke ennB' WHERE \"Id\" = {target}",
            Tampering.DeletedEntry => $"DELETE FROM journal_entries WHERE \"Id\" = {target}",
            Tampering.SwappedOrder => $"UPDATE journal_entries SET \"Seq\" = CASE WHEN \"Seq\" = 3 THEN -4 ELSE -3 END WHERE \"Seq\" IN (3, 4); UPDATE journal_entries SET \"Seq\" = -\"Seq\" WHERE \"Seq\" < 0",
            _ => $"UPDATE journal_entries SET \"Kind\" = 'message.ut' WHERE \"Id\" = {target}",
        };
        await WithContextAsync(db, d => d.Database.ExecuteSqlRawAsync(sql));

        (exit, output) = Verify(db);
        Assert.Equal(1, exit);
        Assert.Contains($"First broken entry: case {Kari.Value:D}, seq {(tampering == Tampering.DeletedEntry ? 4 : 3)}", output, StringComparison.Ordinal);
        Assert.Contains(fault, output, StringComparison.Ordinal);
    }

    internal static (int Exit, string Output) Verify(TestDatabase db)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(
            ["journal", "verify", $"--Database:Provider={db.Provider}", $"--ConnectionStrings:Dialogue={db.ConnectionString}"], output, error);
        return (exit, output + error.ToString());
    }

    internal static async Task<T> WithContextAsync<T>(TestDatabase db, Func<DialogueDbContext, Task<T>> use)
    {
        var options = new DbContextOptionsBuilder<DialogueDbContext>();
        DatabaseSettings.From(db.Provider.ToString(), db.ConnectionString).Configure(options);
        await using var context = new DialogueDbContext(options.Options);
        return await use(context);
    }

    /// <summary>Records a dagsform, then breaks when the message says "krasj": the mood of a failed turn must vanish.</summary>
    private sealed class MoodThenMaybeThrowBot : IBot
    {
        public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
        {
            var store = turn.Get<IPlanStore>();
            var person = await PersonResolver.ResolveAsync(turn, store, cancellationToken);
            store.Add(new MoodEntry { Id = Guid.NewGuid(), PersonId = person!.Id, Score = 3, At = turn.Clock.GetUtcNow() });
            turn.SendText(new Dialogue.Language.Catalog.TextId("recap.saved"));
            if (turn.Activity.Text?.Contains("krasj", StringComparison.Ordinal) == true)
            {
                throw new InvalidOperationException("The bot broke.");
            }
        }
    }
}

/// <summary>The read API the workspace builds timelines and log review on.</summary>
public sealed class CaseJournalTests
{
    private static readonly PersonId Kari = new(Guid.Parse("de300000-0000-4000-8000-004799990001"));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Log_search_finds_the_offices_risky_sessions_and_reads_their_transcript_but_never_another_offices(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.SayAsync("kari", "hei", from: "demo-kari");
        app.Clock.Now += TimeSpan.FromDays(2);
        await app.SayAsync("kari", "har tatt alle pillene mine", from: "demo-kari");
        var journal = app.Services.GetRequiredService<CaseJournal>();

        var risky = await journal.SearchConversationsAsync(new ConversationSearch(new OfficeId("0219"), MinRiskLevel: RiskLevel.High), CancellationToken.None);
        var hit = Assert.Single(risky);
        Assert.Equal((Kari, "Kari Nordmann", RiskLevel.Acute, "test"), (hit.PersonId, hit.PersonName, hit.HighestRisk, hit.ChannelId));
        var all = await journal.SearchConversationsAsync(new ConversationSearch(new OfficeId("0219"), ChannelId: "test"), CancellationToken.None);
        Assert.Equal(2, all.Count); // two days apart: two sessions
        Assert.Single(await journal.SearchConversationsAsync(new ConversationSearch(new OfficeId("0219"), Text: "PILLENE"), CancellationToken.None));
        Assert.Empty(await journal.SearchConversationsAsync(new ConversationSearch(new OfficeId("0315")), CancellationToken.None));

        var lines = await journal.TranscriptAsync(Kari, hit.SessionKey, CancellationToken.None);
        Assert.NotNull(lines);
        Assert.Equal("har tatt alle pillene mine", lines[0].Text);
        Assert.Equal(RiskLevel.Acute, lines[0].RiskLevel);
        Assert.Contains(lines[0].Signals, s => s.Contains("overdose", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Actor == JournalActors.Bot && l.Text!.Contains("113", StringComparison.Ordinal));
        Assert.Null(await journal.TranscriptAsync(new PersonId(Guid.NewGuid()), hit.SessionKey, CancellationToken.None));

        var timeline = await journal.TimelineAsync(Kari, null, 100, CancellationToken.None);
        Assert.Contains(timeline, e => e.Kind == JournalKinds.Escalation);
        Assert.True(timeline.Zip(timeline.Skip(1)).All(p => p.First.At >= p.Second.At));
    }
}
