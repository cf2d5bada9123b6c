using System.Text.Json;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Retention;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Dialogue.Bot.Tests.Auth;

namespace Dialogue.Bot.Tests.Journal;

/// <summary>
/// Transcript retention: after <c>Retention:TranscriptDays</c> the text of a conversation is gone from the journal and
/// from every raw copy, a retention entry in the journal says which messages went, the case record and younger
/// conversations stay as they were, <c>journal verify</c> still passes, and nothing of what was said reaches the logs.
/// </summary>
public sealed class RetentionTests
{
    private static readonly PersonId Kari = new(Guid.Parse("de300000-0000-4000-8000-004799990001"));
    private static readonly PersonId Ola = new(Guid.Parse("de300000-0000-4000-8000-004799990002"));
    private const string OlaPhone = "+4799990002";
    private const string StrangerPhone = "+4799997777";
    private const string KariWords = "har tatt alle pillene mine";
    private const string StrangerWords = "hei dette er naboen til kari";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Old_transcripts_lose_their_text_everywhere_with_a_journal_entry_while_the_case_record_and_younger_talk_stay(DatabaseProvider provider)
    {
        var logs = new CapturedLogs();
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db,
            new Dictionary<string, string?> { ["Logging:LogLevel:Dialogue.Cases.Retention"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        var start = sms.App.Clock.Now;

        // A year and a bit ago: Kari's check-in and an acute message (an escalation), a stranger, and free text in a
        // contact request and an enquiry.
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        await sms.SendSmsAsync(SmsApp.KariPhone, KariWords);
        await sms.WaitForSmsAsync(2);
        await sms.SendSmsAsync(StrangerPhone, StrangerWords);
        await sms.WaitForSmsAsync(1, StrangerPhone);
        await sms.WithDbAsync(async d =>
        {
            d.OfficeMessages.Add(new OfficeMessage
            {
                Id = Guid.NewGuid(), OfficeId = new OfficeId("0219"), ChannelId = "sms", ConversationId = StrangerPhone,
                SenderAddress = StrangerPhone, Text = StrangerWords, ReceivedAt = start,
            });
            d.ContactRequests.Add(new ContactRequest
            {
                Id = Guid.NewGuid(), PersonId = Kari, OfficeId = new OfficeId("0219"), VeilederId = new VeilederId("Z990001"),
                PreferredTimeText = "etter skolen til gutten min", ChannelId = "sms", ConversationId = SmsApp.KariPhone, CreatedAt = start,
            });
            d.Enquiries.Add(new Enquiry
            {
                Id = Guid.NewGuid(), PersonId = Kari, OfficeId = new OfficeId("0219"), Kind = EnquiryKind.Question,
                Text = "hvorfor er utbetalingen sen", CreatedAt = start,
            });
            return await d.SaveChangesAsync();
        });

        // Half a year later Ola writes: younger than the cutoff when retention runs.
        sms.App.Clock.Now = start + TimeSpan.FromDays(200);
        await sms.SendSmsAsync(OlaPhone, "hei");
        await sms.WaitForSmsAsync(1, OlaPhone);
        Assert.True(await sms.EventuallyAsync(() => sms.WithDbAsync(d => d.Outbox.AllAsync(x => x.Status != OutboundStatus.Pending))));
        var historyBefore = await sms.WithDbAsync(d => d.EscalationEvents.CountAsync());
        var olaBefore = await sms.WithDbAsync(d => d.Journal.AsNoTracking().Where(e => e.PersonId == Ola).OrderBy(e => e.Id).ToListAsync());
        Assert.Contains(olaBefore, e => e.Kind == JournalKinds.MessageIn && e.Text == "hei");

        sms.App.Clock.Now = start + TimeSpan.FromDays(366);
        var retention = sms.App.Services.GetRequiredService<TranscriptRetention>();
        var result = await retention.RunAsync(CancellationToken.None);

        Assert.NotNull(result);
        var kari = await sms.WithDbAsync(d => d.Journal.AsNoTracking().Where(e => e.PersonId == Kari).OrderBy(e => e.Id).ToListAsync());
        var messages = kari.Where(e => JournalKinds.Messages.Contains(e.Kind)).ToList();
        Assert.True(messages.Count >= 14, $"demo check-in and the two SMS turns: {messages.Count} messages");
        Assert.All(messages, e => Assert.True(e is { Redacted: true, Text: null, DataJson: null }, $"entry {e.Id} ({e.Kind}) was not redacted"));
        var entry = Assert.Single(kari, e => e.Kind == JournalKinds.Retention);
        Assert.Equal((JournalActors.System, true), (entry.Actor, entry.Seq is not null));
        Assert.True(entry.Seq > messages.Max(e => e.Seq));
        using (var data = JsonDocument.Parse(entry.DataJson!))
        {
            var listed = data.RootElement.GetProperty("entries").EnumerateArray().Select(i => i.GetInt64()).Order().ToList();
            Assert.Equal(messages.Select(e => e.Id).Order().ToList(), listed);
            Assert.Equal(365, data.RootElement.GetProperty("transcriptDays").GetInt32());
            Assert.Equal(messages.Count(e => e.Kind == JournalKinds.MessageIn), data.RootElement.GetProperty("counts").GetProperty(JournalKinds.MessageIn).GetInt32());
            Assert.Equal(start + TimeSpan.FromDays(1), data.RootElement.GetProperty("cutoff").GetDateTimeOffset());
        }

        // The case record stays: the escalation with its history, the summary of the demo check-in, the contact request.
        Assert.Contains(kari, e => e.Kind == JournalKinds.Escalation && e.DataJson is not null);
        Assert.Contains(kari, e => e.Kind == JournalKinds.EscalationEvent && e.DataJson is not null);
        Assert.Contains(kari, e => e.Kind == JournalKinds.Summary && e.Text is not null);
        var escalation = await sms.WithDbAsync(d => d.Escalations.AsNoTracking().SingleAsync(e => e.PersonId == Kari));
        Assert.Null(escalation.MessageText);
        Assert.Contains("overdose", escalation.SignalsJson, StringComparison.Ordinal);
        Assert.Equal(historyBefore, await sms.WithDbAsync(d => d.EscalationEvents.CountAsync()));

        // The raw copies: no text of the old conversations is left anywhere.
        foreach (var phone in new[] { SmsApp.KariPhone, StrangerPhone })
        {
            var inbox = await sms.WithDbAsync(d => d.Inbox.AsNoTracking().Where(x => x.ConversationId == phone).ToListAsync());
            Assert.NotEmpty(inbox);
            Assert.All(inbox, x => Assert.Equal((TranscriptRetention.RemovedActivityJson, (string?)null), (x.ActivityJson, x.RepliesJson)));
            var outbox = await sms.WithDbAsync(d => d.Outbox.AsNoTracking().Where(x => x.ConversationId == phone).ToListAsync());
            Assert.NotEmpty(outbox);
            Assert.All(outbox, x => Assert.Equal((TranscriptRetention.RemovedActivityJson, OutboundStatus.Sent), (x.ActivityJson, x.Status)));
        }

        Assert.False(await sms.WithDbAsync(d => d.Inbox.AnyAsync(x => x.ActivityJson.Contains("pillene") || x.ActivityJson.Contains("naboen"))));
        Assert.False(await sms.WithDbAsync(d => d.OfficeMessages.AnyAsync()));
        Assert.Null(await sms.WithDbAsync(d => d.ContactRequests.Select(r => r.PreferredTimeText).SingleAsync()));
        Assert.Null(await sms.WithDbAsync(d => d.Enquiries.Select(r => r.Text).SingleAsync()));
        Assert.Equal((1, 1, 1, 1), (result.OfficeMessages, result.ContactRequests, result.Enquiries, result.Escalations));
        Assert.True(result.StrangerConversations >= 1);

        // Ola's conversation is younger than the cutoff: untouched, and no retention entry for him.
        var olaAfter = await sms.WithDbAsync(d => d.Journal.AsNoTracking().Where(e => e.PersonId == Ola).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(olaBefore.Select(e => (e.Id, e.Text, e.DataJson, e.Redacted)), olaAfter.Select(e => (e.Id, e.Text, e.DataJson, e.Redacted)));
        Assert.All(await sms.WithDbAsync(d => d.Inbox.AsNoTracking().Where(x => x.ConversationId == OlaPhone).ToListAsync()),
            x => Assert.Contains("\"hei\"", x.ActivityJson, StringComparison.Ordinal));
        Assert.All(await sms.WithDbAsync(d => d.Outbox.AsNoTracking().Where(x => x.ConversationId == OlaPhone).ToListAsync()),
            x => Assert.NotEqual(TranscriptRetention.RemovedActivityJson, x.ActivityJson));

        // The chains still verify, in the app and with the command.
        var verified = await sms.WithDbAsync(d => JournalVerifier.VerifyAsync(d, CancellationToken.None));
        Assert.True(verified.Intact, string.Join("; ", verified.Breaks));
        Assert.Equal(messages.Count, verified.Redacted);
        var (exit, output) = JournalTests.Verify(db);
        Assert.True(exit == 0, output);

        // A second run finds nothing left to do and writes nothing.
        var entries = await sms.WithDbAsync(d => d.Journal.CountAsync());
        var again = await retention.RunAsync(CancellationToken.None);
        Assert.Equal(new RetentionResult(again!.Cutoff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), again);
        Assert.Equal(entries, await sms.WithDbAsync(d => d.Journal.CountAsync()));

        // The logs give counts, never what anybody wrote.
        var written = logs.Entries.ToList();
        Assert.Contains(written, e => e.Level == LogLevel.Information && e.Message.Contains("Retention finished", StringComparison.Ordinal)
            && e.Message.Contains($"{result.JournalEntries} journal messages redacted", StringComparison.Ordinal));
        Assert.Contains(written, e => e.Level == LogLevel.Information && e.Message.Contains($"journal of person {Kari.Value:D}", StringComparison.Ordinal));
        foreach (var words in new[] { KariWords, StrangerWords, "pillene", "naboen", "etter skolen", "utbetalingen" })
        {
            Assert.DoesNotContain(written, e => e.Level > LogLevel.Debug && e.Message.Contains(words, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void A_session_that_goes_on_past_the_cutoff_is_kept_whole_and_an_earlier_one_is_not()
    {
        var cutoff = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);
        var gap = CaseJournal.SessionGap;
        DateTimeOffset At(double hours) => cutoff + TimeSpan.FromHours(hours);

        // Everything old: the cutoff itself.
        Assert.Equal(cutoff, TranscriptRetention.SessionCutoff([At(-50), At(-49)], cutoff, gap));

        // Nothing old: the cutoff itself.
        Assert.Equal(cutoff, TranscriptRetention.SessionCutoff([At(1), At(2)], cutoff, gap));

        // A session from -2h to +1h is kept whole; the one that ended at -30h goes.
        var until = TranscriptRetention.SessionCutoff([At(-31), At(-30), At(-2), At(-1), At(1)], cutoff, gap);
        Assert.True(until <= At(-2) && until > At(-30), until.ToString("O"));

        // A session that ended before the cutoff goes even if another started soon after it.
        Assert.Equal(cutoff, TranscriptRetention.SessionCutoff([At(-10), At(-7), At(1)], cutoff, gap));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("mange")]
    public async Task A_retention_period_of_zero_or_less_stops_the_host_at_start_with_the_key_named(string days)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseSetting("Retention:TranscriptDays", days));
        var refused = Assert.Throws<InvalidOperationException>(() => app.Services);
        Assert.Contains("Retention:TranscriptDays", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_daily_run_is_at_three_at_night_in_Oslo_summer_and_winter()
    {
        var winter = new DateTimeOffset(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 2, 0, 0, TimeSpan.Zero), RetentionWorker.NextRun(winter, new TimeOnly(3, 0)));
        var summerNight = new DateTimeOffset(2026, 6, 1, 0, 30, 0, TimeSpan.Zero); // 02:30 in Oslo
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero), RetentionWorker.NextRun(summerNight, new TimeOnly(3, 0)));
        Assert.Equal(new DateTimeOffset(2026, 6, 2, 1, 0, 0, TimeSpan.Zero),
            RetentionWorker.NextRun(new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.Zero), new TimeOnly(3, 0)));
    }
}
