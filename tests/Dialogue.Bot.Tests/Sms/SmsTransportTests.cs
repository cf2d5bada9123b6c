using System.Net;
using System.Text;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Sms;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>Replies go out through Twilio's REST API as Twilio expects them, and passing failures are retried.</summary>
public sealed class SmsTransportTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_reply_is_posted_to_the_messages_resource_with_basic_auth_sender_and_status_callback(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);

        var call = Assert.Single(sms.Twilio.Calls);
        Assert.Equal($"https://twilio.test/2010-04-01/Accounts/{SmsApp.AccountSid}/Messages.json", call.Url.AbsoluteUri);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SmsApp.AccountSid}:{SmsApp.AuthToken}")), call.Authorization);
        Assert.Equal(SmsApp.KariPhone, call.Form["To"]);
        Assert.Equal(SmsApp.BotNumber, call.Form["From"]);
        Assert.False(call.Form.ContainsKey("MessagingServiceSid"));
        Assert.Equal("https://sms.dialogue.test/api/sms/twilio/status", call.Form["StatusCallback"]);

        // The dispatcher records the provider's answer right after the call returns; wait for that save.
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(o => o.Status == OutboundStatus.Sent))));
        var row = await sms.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal(OutboundStatus.Sent, row.Status);
        Assert.StartsWith("SMout", row.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal("queued", row.DeliveryStatus);
    }

    [Fact]
    public async Task A_messaging_service_is_used_instead_of_a_from_number_when_configured()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new() { ["Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef" });

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        await sms.WaitForSmsAsync(1);

        var call = Assert.Single(sms.Twilio.Calls);
        Assert.Equal("MG0123456789abcdef0123456789abcdef", call.Form["MessagingServiceSid"]);
        Assert.False(call.Form.ContainsKey("From"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_server_error_or_a_dropped_connection_is_retried_with_backoff(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        sms.Twilio.Responses.Enqueue(() => FakeTwilioApi.Json(HttpStatusCode.InternalServerError, """{"code":20500,"message":"Internal Server Error"}"""));
        sms.Twilio.Responses.Enqueue(() => throw new HttpRequestException("Connection reset"));

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");

        Assert.True(await sms.EventuallyAsync(
            async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Status == OutboundStatus.Sent)), TimeSpan.FromMinutes(1)));
        var row = await sms.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal(3, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(3, sms.Twilio.Calls.Count);
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_says()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        sms.Twilio.Responses.Enqueue(() =>
        {
            var busy = FakeTwilioApi.Json(HttpStatusCode.TooManyRequests, """{"code":20429,"message":"Too Many Requests"}""");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(120));
            return busy;
        });
        var start = sms.App.Clock.Now;

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Attempts == 1))));

        var waiting = await sms.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal(OutboundStatus.Pending, waiting.Status);
        Assert.Equal(start + TimeSpan.FromSeconds(120), waiting.NextAttemptAt);
        Assert.Contains("20429", waiting.LastError, StringComparison.Ordinal);

        sms.App.Clock.Now = start + TimeSpan.FromSeconds(119);
        await sms.App.Services.GetRequiredService<Dialogue.Cases.Messaging.OutboxDispatcher>().DispatchDueAsync(CancellationToken.None);
        Assert.Single(sms.Twilio.Calls);

        sms.App.Clock.Now = start + TimeSpan.FromSeconds(121);
        Assert.Equal(2, (await sms.Twilio.WaitForAsync(_ => true, 2)).Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_refused_message_is_dead_at_once_with_twilios_error_kept(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        sms.Twilio.Responses.Enqueue(() => FakeTwilioApi.Json(HttpStatusCode.BadRequest,
            """{"code":21211,"message":"The 'To' number is not a valid phone number.","more_info":"https://www.twilio.com/docs/errors/21211","status":400}"""));

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");

        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Outbox.AnyAsync(x => x.Status == OutboundStatus.Dead))));
        var row = await sms.WithDbAsync(d => d.Outbox.SingleAsync());
        Assert.Equal(1, row.Attempts);
        Assert.Equal("21211", row.DeliveryErrorCode);
        Assert.Contains("not a valid phone number", row.LastError, StringComparison.Ordinal);
        Assert.Single(sms.Twilio.Calls);
        var undelivered = Assert.Single(await sms.App.Services.GetRequiredService<SmsDeliveryLog>()
            .ForNumberAsync(PhoneNumber.Parse(SmsApp.KariPhone), CancellationToken.None));
        Assert.Equal(("failed", "21211"), (undelivered.Reason, undelivered.ErrorCode));
    }
}
