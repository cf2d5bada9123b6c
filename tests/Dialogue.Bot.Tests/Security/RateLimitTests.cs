using System.Net;
using Dialogue.Bot.Security;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Security;

/// <summary>
/// Rate limits (RateLimits:*): per address on the inbound endpoints (429 + Retry-After + a JSON error), per number on
/// inbound SMS (over the limit: screened, distress kept, the rest dropped with 200 and empty TwiML), and the daily cap
/// on SMS to one number (held, never the safety reply or the notice to the veileder). Each shows in the meter.
/// </summary>
public sealed class RateLimitTests
{
    private const string Stranger = "+4791234567";
    private const string MartePhone = "+4799990101";

    [Fact]
    public async Task One_address_over_its_limit_on_api_messages_gets_429_with_retry_after_and_a_json_error_counted_in_the_meter()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseSetting("RateLimits:MessagesPerMinute", "3"));
        using var meter = new RateLimitMeter(app.Services);
        var client = app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            var (status, _) = await app.PostAsync(Activities.Message("rl-1", "hei", id: $"a{i}"), client);
            Assert.Equal(HttpStatusCode.OK, status);
        }

        using var content = new StringContent(Activities.Message("rl-1", "hei", id: "a3").ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var refused = await client.PostAsync("/api/messages", content);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to come back");
        Assert.Equal("application/json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"TooManyRequests\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, meter.Total("dialogue.ratelimit.rejected", "endpoint=messages"));

        // Other endpoints have their own budget: the health check and the chat page are not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Staff_sign_in_is_limited_per_address()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: h => h.UseSetting("RateLimits:StaffSignInPerMinute", "2"));
        var client = app.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            using var attempt = await client.PostAsync("/veileder/api/dev-token",
                new StringContent("""{"ident":"Z990001","password":"wrong"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        using var refused = await client.PostAsync("/veileder/api/dev-token",
            new StringContent("""{"ident":"Z990001","password":"dialogue-demo"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_number_over_its_sms_limit_is_dropped_quietly_but_a_message_in_distress_still_gets_its_turn()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new() { ["RateLimits:SmsPerNumber"] = "2", ["RateLimits:SmsPerNumberWindow"] = "01:00:00" });
        using var meter = new RateLimitMeter(sms.App.Services);

        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(Stranger, "hei")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(Stranger, "hallo")).StatusCode);

        using var flooded = await sms.SendSmsAsync(Stranger, "hei igjen");
        Assert.Equal(HttpStatusCode.OK, flooded.StatusCode); // Twilio must not retry
        Assert.Equal(TwilioWebhookTwiml, await flooded.Content.ReadAsStringAsync());
        Assert.Equal(2, await sms.WithDbAsync(d => d.Inbox.CountAsync(x => x.ConversationId == Stranger)));
        Assert.Equal(1, meter.Total("dialogue.ratelimit.sms_flood", "outcome=dropped"));

        // A person in crisis texting fast is still screened and escalated.
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(Stranger, "orker ikke mer. skal ta livet mitt i kveld")).StatusCode);
        Assert.Equal(3, await sms.WithDbAsync(d => d.Inbox.CountAsync(x => x.ConversationId == Stranger)));
        Assert.True(await sms.EventuallyAsync(() => sms.WithDbAsync(d => d.Escalations.AnyAsync(e => e.SenderAddress == Stranger && e.Level == RiskLevel.Acute))));
        Assert.Equal(1, meter.Total("dialogue.ratelimit.sms_flood", "outcome=kept"));

        // Another number has its own budget.
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync("+4791111111", "hei")).StatusCode);
        Assert.Equal(1, await sms.WithDbAsync(d => d.Inbox.CountAsync(x => x.ConversationId == "+4791111111")));

        // The count is the inbox's: another replica on the same database (or this one after a restart) holds the number
        // to the same limit.
        await using (var replica = new SmsApp(db, new() { ["RateLimits:SmsPerNumber"] = "2", ["RateLimits:SmsPerNumberWindow"] = "01:00:00" }))
        {
            using var elsewhere = await replica.SendSmsAsync(Stranger, "hei fra et annet sted");
            Assert.Equal(TwilioWebhookTwiml, await elsewhere.Content.ReadAsStringAsync());
            Assert.Equal(3, await sms.WithDbAsync(d => d.Inbox.CountAsync(x => x.ConversationId == Stranger)));
        }

        // The window slides: an hour later the number has its budget again.
        sms.App.Clock.Now += TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1);
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(Stranger, "hei igjen")).StatusCode);
        Assert.Equal(4, await sms.WithDbAsync(d => d.Inbox.CountAsync(x => x.ConversationId == Stranger)));
    }

    [Fact]
    public async Task Beyond_the_daily_cap_sms_to_a_number_are_held_but_never_the_emergency_reply_or_the_notice_to_the_veileder()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new() { ["RateLimits:OutboundSmsPerNumberPerDay"] = "1" });
        using var meter = new RateLimitMeter(sms.App.Services);

        // Kari's first answer goes; the answer to her next message is held.
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);
        Assert.True(await sms.EventuallyAsync(() => sms.WithDbAsync(async d =>
            !await d.Outbox.AnyAsync(x => x.ConversationId == SmsApp.KariPhone && x.Status == OutboundStatus.Pending))));
        var sentBefore = sms.Twilio.Calls.Count(c => c.Form.GetValueOrDefault("To") == SmsApp.KariPhone);
        await sms.SendSmsAsync(SmsApp.KariPhone, "ja");
        Assert.True(await sms.EventuallyAsync(() => sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.DeliveryStatus == SmsDeliveryStatus.Held))));
        Assert.True(await sms.EventuallyAsync(() => sms.WithDbAsync(async d =>
            !await d.Outbox.AnyAsync(x => x.ConversationId == SmsApp.KariPhone && x.Status == OutboundStatus.Pending))));
        var held = await sms.WithDbAsync(d => d.Outbox.Where(x => x.ConversationId == SmsApp.KariPhone && x.DeliveryStatus == SmsDeliveryStatus.Held).ToListAsync());
        Assert.NotEmpty(held);
        Assert.All(held, r =>
        {
            Assert.Equal(OutboundStatus.Dead, r.Status);
            Assert.Contains("RateLimits:OutboundSmsPerNumberPerDay", r.LastError, StringComparison.Ordinal);
        });
        Assert.Equal(sentBefore, sms.Twilio.Calls.Count(c => c.Form.GetValueOrDefault("To") == SmsApp.KariPhone));
        Assert.Equal(held.Count, meter.Total("dialogue.ratelimit.sms_held"));

        // The cap is reached, yet a message in distress gets the emergency numbers, and Marte is told.
        await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene mine");
        var toKari = await sms.WaitForSmsAsync(sentBefore + 1);
        Assert.Contains("113", toKari[^1], StringComparison.Ordinal);
        Assert.Single(await sms.WaitForSmsAsync(1, MartePhone));
    }

    [Fact]
    public void The_day_of_the_cap_starts_at_midnight_in_oslo_summer_and_winter()
    {
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), OutboundSmsCap.MidnightInOslo(new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 23, 0, 0, TimeSpan.Zero), OutboundSmsCap.MidnightInOslo(new(2026, 1, 15, 22, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero), OutboundSmsCap.MidnightInOslo(new(2026, 1, 15, 23, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Invalid_limits_stop_the_start_with_the_key_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RateLimitSettings { SmsPerNumber = 0 }.Validate());
        Assert.Contains("RateLimits:SmsPerNumber", error.Message, StringComparison.Ordinal);
    }

    private const string TwilioWebhookTwiml = Dialogue.Bot.Channels.Sms.TwilioWebhooks.EmptyTwiml;
}
