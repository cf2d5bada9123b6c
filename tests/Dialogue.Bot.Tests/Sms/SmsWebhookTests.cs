using System.Net;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Sms;

/// <summary>The inbound SMS webhook: only Twilio's signed requests get in, each is stored once, and answered with empty TwiML.</summary>
public sealed class SmsWebhookTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_signed_sms_is_stored_as_an_activity_and_answered_with_empty_twiml(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        using var response = await sms.SendSmsAsync("99 99 00 01", "hei", messageSid: "SM11111111111111111111111111111111");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TwilioWebhooks.EmptyTwiml, await response.Content.ReadAsStringAsync());
        var row = await sms.WithDbAsync(d => d.Inbox.SingleAsync());
        Assert.Equal(("sms", "+4799990001", "SM11111111111111111111111111111111"), (row.ChannelId, row.ConversationId, row.ActivityId));
        var activity = ActivityJson.Deserialize(row.ActivityJson)!;
        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("+4799990001", activity.From?.Id);
        Assert.Equal(SmsApp.BotNumber, activity.Recipient?.Id);
        Assert.Equal("hei", activity.Text);
        Assert.Equal(sms.App.Clock.Now, activity.Timestamp);
        Assert.False(row.ExpectReplies);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_inbox_worker_answers_through_twilio(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");

        var texts = await sms.WaitForSmsAsync(1);
        Assert.StartsWith("Hei Kari!", Assert.Single(texts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_message_sid_is_answered_the_same_and_processed_once()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var bot = new CountingBot();
        await using var sms = new SmsApp(db, bot: bot);

        using var first = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", messageSid: "SMdup");
        await sms.WaitForSmsAsync(1);
        using var again = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", messageSid: "SMdup");
        using var next = await sms.SendSmsAsync(SmsApp.KariPhone, "hei igjen", messageSid: "SMnext");
        await sms.WaitForSmsAsync(2);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(TwilioWebhooks.EmptyTwiml, await again.Content.ReadAsStringAsync());
        Assert.Equal(2, bot.Turns);
        Assert.Equal(2, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
        Assert.Equal(2, sms.Twilio.Calls.Count);
    }

    public static TheoryData<string, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>?, string?, string?> Forgeries() => new()
    {
        { "changed body", f => [.. f.Select(p => p.Key == "Body" ? new KeyValuePair<string, string>("Body", "STOPP") : p)], null, null },
        { "added field", f => [.. f, new("Extra", "1")], null, null },
        { "wrong token", null, "another-token", null },
        { "signed for another URL", null, null, SmsApp.PublicBaseUrl + "/api/sms/other" },
        { "signed for the URL without the proxy", null, null, "http://localhost/api/sms/twilio" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_request_without_twilios_signature_is_refused_and_nothing_is_stored(
        string what, Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? tamper, string? token, string? url)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        using var response = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", signWithToken: token, signedUrl: url, tamper: tamper);

        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, what);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Fact]
    public async Task A_request_with_no_signature_header_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        using var content = new FormUrlEncodedContent([new("MessageSid", "SMx"), new("From", SmsApp.KariPhone), new("Body", "hei")]);

        using var response = await sms.App.CreateClient().PostAsync(TwilioEndpoints.WebhookPath, content);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Fact]
    public async Task Without_an_auth_token_every_sms_is_refused()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new() { ["Twilio:AuthToken"] = "" }, environment: "Production");

        using var response = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", signWithToken: "anything");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Fact]
    public async Task Behind_a_proxy_the_public_url_with_its_query_is_what_is_signed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        using var response = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", path: TwilioEndpoints.WebhookPath + "?tenant=0219");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }

    [Fact]
    public async Task Without_a_public_base_url_the_request_url_is_what_is_signed()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db, new() { ["Twilio:PublicBaseUrl"] = "" });

        using var signed = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", signedUrl: "http://localhost/api/sms/twilio");
        using var proxied = await sms.SendSmsAsync(SmsApp.KariPhone, "hei", signedUrl: SmsApp.PublicBaseUrl + "/api/sms/twilio");

        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, proxied.StatusCode);
    }

    [Fact]
    public async Task A_signed_request_without_a_usable_sender_is_a_bad_request()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);

        using var response = await sms.SendSmsAsync("not a number", "hei");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Inbox.CountAsync()));
    }
}
