using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>The bot texting first: only 08:00–20:00 in Oslo, never to opted-out numbers, never opening with sensitive words.</summary>
public sealed class ProactiveSmsTests
{
    private static readonly PhoneNumber Kari = PhoneNumber.Parse(SmsApp.KariPhone);
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private const string Opener = "Hei Kari! Dette er NAV sin chatbot. Har du tid til noen korte spørsmål? Svar JA eller NEI.";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task In_sending_hours_the_message_goes_at_once_as_a_proactive_sms(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        var result = await Proactive(sms).QueueAsync(Kari, [Opener], CancellationToken.None);

        Assert.True(result.Queued);
        Assert.Equal(sms.App.Clock.Now, result.SendAt);
        Assert.Equal([Opener], await sms.WaitForSmsAsync(1));
        Assert.Equal(SmsApp.BotNumber, Assert.Single(sms.Twilio.Calls).Form["From"]);
        var row = await sms.WithDbAsync(d => d.Outbox.SingleAsync(x => x.Id == result.OutboundIds[0]));
        Assert.True(row.Proactive);
        Assert.Equal("sms", row.ChannelId);
        Assert.Equal(SmsApp.KariPhone, row.ConversationId);
    }

    [Theory]
    [InlineData("2026-11-18T21:30", "2026-11-19T08:00")]
    [InlineData("2026-11-18T20:00", "2026-11-19T08:00")]
    [InlineData("2026-11-18T06:45", "2026-11-18T08:00")]
    [InlineData("2026-11-18T00:10", "2026-11-18T08:00")]
    public async Task Outside_sending_hours_the_message_waits_for_the_next_eight_oclock(string osloNow, string osloSendAt)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        sms.App.Clock.Now = OsloTime(osloNow);

        var result = await Proactive(sms).QueueAsync(Kari, [Opener], CancellationToken.None);

        Assert.Equal(OsloTime(osloSendAt), result.SendAt);
        Assert.Equal(OsloTime(osloSendAt), await sms.WithDbAsync(d => d.Outbox.Select(x => x.NextAttemptAt).SingleAsync()));

        sms.App.Clock.Now = OsloTime(osloSendAt) - TimeSpan.FromSeconds(1);
        await Dispatcher(sms).DispatchDueAsync(CancellationToken.None);
        Assert.Empty(sms.Twilio.Calls);

        sms.App.Clock.Now = OsloTime(osloSendAt);
        Assert.Equal([Opener], await sms.WaitForSmsAsync(1));
    }

    [Fact]
    public async Task A_retry_that_would_fall_after_eight_in_the_evening_waits_for_the_morning()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        sms.App.Clock.Now = OsloTime("2026-11-18T19:59:59");
        sms.Twilio.Responses.Enqueue(() => FakeTwilioApi.Json(HttpStatusCode.ServiceUnavailable, """{"code":20503,"message":"Service Unavailable"}"""));

        var result = await Proactive(sms).QueueAsync(Kari, [Opener], CancellationToken.None);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Attempts == 1))));
        sms.App.Clock.Now = OsloTime("2026-11-18T20:00:05"); // the backoff is over, but sending hours are too

        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.NextAttemptAt == OsloTime("2026-11-19T08:00")))));
        Assert.Single(sms.Twilio.Calls);
        Assert.Equal(1, await sms.WithDbAsync(d => d.Outbox.Select(x => x.Attempts).SingleAsync()));

        sms.App.Clock.Now = OsloTime("2026-11-19T08:00");
        Assert.Equal(2, (await sms.Twilio.WaitForAsync(_ => true, 2)).Count);
        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Id == result.OutboundIds[0] && x.Status == OutboundStatus.Sent))));
    }

    [Fact]
    public async Task A_message_waiting_for_the_morning_does_not_hold_back_answers()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        sms.App.Clock.Now = OsloTime("2026-11-18T21:30");
        await Proactive(sms).QueueAsync(Kari, [Opener], CancellationToken.None);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");

        var answer = Assert.Single(await sms.WaitForSmsAsync(1));
        Assert.StartsWith("Hei Kari!", answer, StringComparison.Ordinal);
        Assert.NotEqual(Opener, answer);
        Assert.Equal(OutboundStatus.Pending, await sms.WithDbAsync(d => d.Outbox.Where(x => x.Proactive).Select(x => x.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("Husk: Møte på LAR-klinikken i morgen kl. 13:30.", "substance")]
    [InlineData("Hei Siri! Husk timen hos gjeldsrådgiver i morgen.", "debt")]
    [InlineData("Hei Lise! Har du fått ringt fastlegen?", "health")]
    [InlineData("Hei! Vi er bekymret. Tenker du på selvmord?", "suicide")]
    public async Task An_opener_with_sensitive_words_is_refused_and_nothing_is_queued(string text, string category)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        var refused = await Assert.ThrowsAsync<SensitiveOpenerException>(() => Proactive(sms).QueueAsync(Kari, [text], CancellationToken.None));

        Assert.Contains(refused.Matches, m => m.Category == category);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Outbox.CountAsync()));
    }

    [Fact]
    public async Task A_sensitive_word_packed_into_the_first_sms_is_refused_but_a_later_sms_may_have_one()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var longOpener = Opener + " " + string.Join(" ", Enumerable.Repeat("Det tar bare et par minutter.", 7));

        await Assert.ThrowsAsync<SensitiveOpenerException>(() =>
            Proactive(sms).QueueAsync(Kari, [Opener, "Det gjelder timen hos fastlegen."], CancellationToken.None));
        var allowed = await Proactive(sms).QueueAsync(Kari, [longOpener, "Det gjelder timen hos fastlegen."], CancellationToken.None);

        Assert.Equal(2, allowed.OutboundIds.Count);
        var bodies = await sms.WaitForSmsAsync(2);
        Assert.Equal(longOpener, bodies[0]);
        Assert.Equal("Det gjelder timen hos fastlegen.", bodies[1]);
    }

    private static ProactiveSms Proactive(SmsApp sms) => sms.App.Services.GetRequiredService<ProactiveSms>();

    private static OutboxDispatcher Dispatcher(SmsApp sms) => sms.App.Services.GetRequiredService<OutboxDispatcher>();

    private static DateTimeOffset OsloTime(string local)
    {
        var time = DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture);
        return new DateTimeOffset(time, Oslo.GetUtcOffset(time));
    }
}
