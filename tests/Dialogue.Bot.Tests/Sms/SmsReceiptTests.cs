using System.Net;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>Twilio's delivery receipts land on the outbox row of the message, so staff can see what never arrived.</summary>
public sealed class SmsReceiptTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Receipts_are_recorded_on_the_message_and_a_late_earlier_status_does_not_undo_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var sid = await ReplySidAsync(sms);

        using var delivered = await sms.SendStatusAsync(sid, "delivered");
        using var lateSent = await sms.SendStatusAsync(sid, "sent");

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lateSent.StatusCode);
        var row = await sms.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal("delivered", row.DeliveryStatus);
        Assert.Equal(sms.App.Clock.Now, row.DeliveryStatusAt);
        Assert.Empty(await Log(sms).ForNumberAsync(PhoneNumber.Parse(SmsApp.KariPhone), CancellationToken.None));
    }

    [Theory]
    [InlineData("undelivered", "30003")]
    [InlineData("failed", "30008")]
    public async Task An_sms_the_network_could_not_deliver_is_listed_with_its_error_code(string status, string errorCode)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var sid = await ReplySidAsync(sms);

        await sms.SendStatusAsync(sid, "sent");
        await sms.SendStatusAsync(sid, status, errorCode);

        var listed = Assert.Single(await Log(sms).ForNumberAsync(PhoneNumber.Parse(SmsApp.KariPhone), CancellationToken.None));
        Assert.Equal((status, errorCode), (listed.Reason, listed.ErrorCode));
        Assert.StartsWith("Hei Kari!", listed.Text, StringComparison.Ordinal);
        Assert.False(listed.Proactive);
    }

    [Fact]
    public async Task A_receipt_for_an_unknown_message_is_acknowledged_and_changes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        await ReplySidAsync(sms);

        using var response = await sms.SendStatusAsync("SMnobodyknowsthis", "delivered");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("queued", await sms.WithDbAsync(d => d.Outbox.Select(x => x.DeliveryStatus).SingleAsync()));
    }

    [Fact]
    public async Task A_receipt_without_twilios_signature_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var sid = await ReplySidAsync(sms);

        using var response = await sms.SendStatusAsync(sid, "failed", "30003", signWithToken: "not-the-token");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("queued", await sms.WithDbAsync(d => d.Outbox.Select(x => x.DeliveryStatus).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_delivery_log_lists_per_conversation_only_what_did_not_arrive(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var now = sms.App.Clock.Now;
        await sms.WithDbAsync(async d =>
        {
            d.Outbox.AddRange(
                Row("+4799990001", "delivered", OutboundStatus.Sent, now, "Levert"),
                Row("+4799990001", "undelivered", OutboundStatus.Sent, now.AddMinutes(1), "Ikke levert", "30003"),
                Row("+4799990001", null, OutboundStatus.Dead, now.AddMinutes(2), "Ga opp"),
                Row("+4799990001", null, OutboundStatus.Pending, now.AddMinutes(3), "Venter"),
                Row("+4799990002", "failed", OutboundStatus.Sent, now.AddMinutes(4), "Feilet", "30008"),
                Row("+4799990002", "suppressed", OutboundStatus.Dead, now.AddMinutes(5), "Stoppet"),
                Row("+4799990003", "sent", OutboundStatus.Sent, now.AddMinutes(6), "Sendt"));
            d.Outbox.Add(new OutboundActivity
            {
                ChannelId = "webchat", ConversationId = "+4799990001", ServiceUrl = "", ActivityJson = "{}",
                Status = OutboundStatus.Dead, CreatedAt = now, NextAttemptAt = now,
            });
            return await d.SaveChangesAsync();
        });

        var kari = await Log(sms).ForNumberAsync(PhoneNumber.Parse("+4799990001"), CancellationToken.None);
        var all = await Log(sms).ByConversationAsync(now.AddHours(-1), CancellationToken.None);

        Assert.Equal(["Ga opp", "Ikke levert"], kari.Select(x => x.Text));
        Assert.Equal(["dead", "undelivered"], kari.Select(x => x.Reason));
        Assert.Equal(["+4799990001", "+4799990002"], all.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["suppressed", "failed"], all["+4799990002"].Select(x => x.Reason));
        Assert.Empty(await Log(sms).ByConversationAsync(now.AddHours(1), CancellationToken.None));
    }

    private static SmsDeliveryLog Log(SmsApp sms) => sms.App.Services.GetRequiredService<SmsDeliveryLog>();

    private static OutboundActivity Row(string phone, string? delivery, OutboundStatus status, DateTimeOffset at, string text, string? error = null) => new()
    {
        ChannelId = "sms",
        ConversationId = phone,
        ServiceUrl = string.Empty,
        ActivityJson = $$"""{"type":"message","text":"{{text}}"}""",
        Status = status,
        DeliveryStatus = delivery,
        DeliveryErrorCode = error,
        CreatedAt = at,
        NextAttemptAt = at,
    };

    /// <summary>Kari says hei; returns the Twilio sid of the bot's answer once it has been sent.</summary>
    private static async Task<string> ReplySidAsync(SmsApp sms)
    {
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        Assert.Equal(1, await sms.WithDbAsync(d => d.Outbox.CountAsync()));
        return await sms.SavedSidAsync();
    }
}
