using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>STOPP stops every SMS to the number until START; what the person sends meanwhile is still kept.</summary>
public sealed class SmsOptOutTests
{
    private static readonly string OptedOut = TextCatalog.Bokmal.Render("sms.opted_out");
    private static readonly string OptedIn = TextCatalog.Bokmal.Render("sms.opted_in");

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Stopp_is_confirmed_once_then_nothing_is_answered_until_start(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        await sms.SendSmsAsync(SmsApp.KariPhone, "STOPP");
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei, er dere der?");
        await sms.SendSmsAsync(SmsApp.KariPhone, "HJELP");
        await sms.SendSmsAsync(SmsApp.KariPhone, "START");
        var texts = await sms.WaitForSmsAsync(3);

        Assert.Equal(3, texts.Count);
        Assert.Equal(OptedOut, texts[1]);
        Assert.StartsWith(OptedIn, texts[2], StringComparison.Ordinal);
        Assert.Contains(TextCatalog.Bokmal.Render("welcome.back", new Dictionary<string, string> { ["name"] = "Kari" }), texts[2], StringComparison.Ordinal);

        // Every message was kept, the silent ones included.
        var inbox = await sms.WithDbAsync(d => d.Inbox.OrderBy(x => x.Id).ToListAsync());
        Assert.Equal(5, inbox.Count);
        Assert.All(inbox, r => Assert.Equal(InboundStatus.Processed, r.Status));
        Assert.Contains("er dere der", inbox[2].ActivityJson, StringComparison.Ordinal);

        var optOut = await sms.WithDbAsync(d => d.SmsOptOuts.SingleAsync());
        Assert.Equal(PhoneNumber.Parse(SmsApp.KariPhone), optOut.Phone);
        Assert.Equal(sms.App.Clock.Now, optOut.OptedOutAt);
        Assert.Equal(sms.App.Clock.Now, optOut.OptedInAt);
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("Avslutt")]
    [InlineData("stpp")]
    [InlineData("stopp!")]
    [InlineData("Stopp sms")]
    public async Task Stop_words_and_their_misspellings_opt_out(string text)
    {
        Assert.Equal(GlobalCommand.Stop, CommandRecognizer.Recognize(text));
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, text);

        Assert.Equal([OptedOut], await sms.WaitForSmsAsync(1));
        Assert.True(await sms.WithDbAsync(d => d.SmsOptOuts.AnyAsync(x => x.OptedInAt == null)));
    }

    [Fact]
    public async Task Hjelp_gives_the_short_sms_help_and_the_question_again()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        await sms.SendSmsAsync(SmsApp.KariPhone, "hjelp");
        var help = (await sms.WaitForSmsAsync(2))[1];

        Assert.StartsWith(TextCatalog.Bokmal.Render("sms.help"), help, StringComparison.Ordinal);
        Assert.Contains(TextCatalog.Bokmal.Render("welcome.ask_time"), help, StringComparison.Ordinal);
        Assert.True(Gsm7.IsGsm7(help));
        Assert.DoesNotContain(TextCatalog.Bokmal.Render("interrupt.help"), help, StringComparison.Ordinal);
        Assert.False(await sms.WithDbAsync(d => d.SmsOptOuts.AnyAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_transport_never_sends_to_an_opted_out_number_and_says_why(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await sms.SendSmsAsync(SmsApp.KariPhone, "STOPP");
        await sms.WaitForSmsAsync(1);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AllAsync(x => x.Status == OutboundStatus.Sent))));

        // Anything queued for the number later (a reminder written by other code, an answer from before) is held back.
        var now = sms.App.Clock.Now;
        var id = await sms.WithDbAsync(async d =>
        {
            var row = new OutboundActivity
            {
                ChannelId = "sms", ConversationId = SmsApp.KariPhone, ServiceUrl = string.Empty, ReplyToId = "SMolder",
                ActivityJson = """{"type":"message","text":"Husk møtet i morgen."}""", CreatedAt = now, NextAttemptAt = now,
            };
            d.Outbox.Add(row);
            await d.SaveChangesAsync();
            return row.Id;
        });

        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Id == id && x.Status == OutboundStatus.Dead))));
        var held = await sms.WithDbAsync(d => d.Outbox.SingleAsync(x => x.Id == id));
        Assert.Equal("suppressed", held.DeliveryStatus);
        Assert.Contains("opted out", held.LastError, StringComparison.Ordinal);
        Assert.Single(sms.Twilio.Calls);
        var listed = Assert.Single(await sms.App.Services.GetRequiredService<SmsDeliveryLog>()
            .ForNumberAsync(PhoneNumber.Parse(SmsApp.KariPhone), CancellationToken.None));
        Assert.Equal("suppressed", listed.Reason);
    }

    [Fact]
    public async Task No_proactive_sms_is_queued_for_an_opted_out_number()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        await sms.SendSmsAsync(SmsApp.KariPhone, "STOPP");
        await sms.WaitForSmsAsync(1);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.SmsOptOuts.AnyAsync())));
        var before = await sms.WithDbAsync(d => d.Outbox.CountAsync());

        var result = await sms.App.Services.GetRequiredService<ProactiveSms>()
            .QueueAsync(PhoneNumber.Parse(SmsApp.KariPhone), [TextCatalog.Bokmal.Render("sms.opener.check_in", new Dictionary<string, string> { ["name"] = "Kari" })], CancellationToken.None);

        Assert.False(result.Queued);
        Assert.Equal(before, await sms.WithDbAsync(d => d.Outbox.CountAsync()));
    }
}
