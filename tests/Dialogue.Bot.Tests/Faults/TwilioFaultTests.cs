using System.Net;
using Dialogue.Bot.Channels.Sms;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Bot.Tests.Replicas;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Staff;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Health;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Dialogue.Bot.Tests.Faults;

/// <summary>
/// Twilio answering 500, then 429 with Retry-After, then accepting messages without ever answering (the client times
/// out), then working again. SMS replies wait in the outbox, are retried (429 after its Retry-After), and all go out once
/// Twilio recovers; the only copies are the timed-out sends Twilio had in fact accepted (the documented duplicate
/// case), counted. Health, the <c>Dialogue.Dependencies</c> metrics and the staff banner show SMS degraded during the
/// fault and clear after. A person in crisis is escalated to the veileder while Twilio is down.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TwilioFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan TwilioTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sms_replies_wait_through_500_429_and_timeouts_and_go_out_once_twilio_recovers()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var twilio = await KestrelTwilio.StartAsync();
        twilio.Fault = TwilioFault.ServerError;
        await using var sms = new SmsApp(database,
            new Dictionary<string, string?>
            {
                ["Twilio:ApiBaseUrl"] = twilio.BaseUrl,
                ["Health:FactsInterval"] = "00:00:00.500",
                ["Sla:AcuteAcknowledgeWithin"] = "1.00:00:00", // the clock jumps ahead; no SLA notices in the middle
                ["Twilio:RequestTimeout"] = TwilioTimeout.ToString(),
            },
            services: s => s.AddHttpClient(TwilioSmsTransport.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler()));
        var app = sms.App;
        using var meter = new DependencyMeter(app.Services);
        var client = app.CreateClient();
        var texts = app.Services.GetRequiredService<WorkspaceTexts>();
        var smsBanner = texts[StatusTexts.Sms];

        // Before anything is sent, SMS is not degraded and the workspace shows no banner.
        var marte = await WorkspaceBrowser.SignInAsync(app, "Z990001");
        Assert.DoesNotContain("data-dependency", (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);

        // 1. Twilio answers 500. People text the bot; one of them, Kari, is in crisis.
        var strangers = Enumerable.Range(1, FaultScale.Times(4)).Select(i => $"+4798{i:D6}").ToList();
        foreach (var number in strangers)
        {
            using var response = await sms.SendSmsAsync(number, "hei");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var crisis = await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene mine"))
        {
            Assert.Equal(HttpStatusCode.OK, crisis.StatusCode);
        }

        Assert.True(await FaultScale.EventuallyAsync(async () =>
            await app.WithDbAsync(db => db.Inbox.CountAsync(x => x.Status == InboundStatus.Processed)) == strangers.Count + 1));
        var conversations = await PendingConversationsAsync(app);
        Assert.True(conversations > strangers.Count);
        Assert.True(await FaultScale.EventuallyAsync(() => Task.FromResult(twilio.Attempts(TwilioFault.ServerError) >= conversations)),
            "every conversation's first reply was tried against the failing Twilio");
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.Status != OutboundStatus.Pending)));

        // The veileder is told without Twilio: the acute escalation is stored and in the workspace inbox.
        var escalation = await app.WithDbAsync(db => db.Escalations.SingleAsync());
        Assert.Equal(RiskLevel.Acute, escalation.Level);
        var emergencyReply = await app.WithDbAsync(db => db.Outbox.Where(x => x.ConversationId == SmsApp.KariPhone).OrderBy(x => x.Id).FirstAsync());
        Assert.Contains("113", ActivityJson.Deserialize(emergencyReply.ActivityJson)!.Text, StringComparison.Ordinal);

        // Degraded everywhere: health (still 200: the replica takes traffic), metrics, the banner.
        var ready = await ReadyReport.GetAsync(client);
        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal("Degraded", ready.Status);
        Assert.Equal("Degraded", ready.StateOf("sms"));
        Assert.Equal(DependencyErrorKinds.ServerError, ready.ErrorKindOf("sms"));
        Assert.True(meter.Failures("sms", DependencyErrorKinds.ServerError) >= conversations);
        Assert.Equal(1, meter.State("sms"));
        var page = (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body;
        Assert.Contains("data-dependency=\"sms\"", page, StringComparison.Ordinal);
        Assert.Contains(smsBanner, page, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);

        // 2. Twilio answers 429 with Retry-After: each row waits exactly that long, not its own backoff.
        twilio.Fault = TwilioFault.TooManyRequests;
        twilio.RetryAfterSeconds = 30;
        app.Clock.Now += TimeSpan.FromMinutes(11);
        Assert.True(await FaultScale.EventuallyAsync(async () => twilio.Attempts(TwilioFault.TooManyRequests) >= conversations
            && await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.LastError != null && x.LastError.Contains("429"))) >= conversations));
        var throttled = await app.WithDbAsync(db => db.Outbox.Where(x => x.ChannelId == "sms" && x.LastError != null && x.LastError.Contains("429")).ToListAsync());
        Assert.All(throttled, row => Assert.Equal(TimeSpan.FromSeconds(30), row.NextAttemptAt - app.Clock.Now));
        Assert.Equal(DependencyErrorKinds.Throttled, (await ReadyReport.GetAsync(client)).ErrorKindOf("sms"));

        // 3. Twilio accepts but never answers: the bot times out and keeps the rows for another try.
        twilio.Fault = TwilioFault.AcceptThenHang;
        app.Clock.Now += TimeSpan.FromSeconds(31);
        Assert.True(await FaultScale.EventuallyAsync(async () => twilio.AcceptedWithoutAnswer.Count >= conversations
            && await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.LastError != null && x.LastError.Contains("Timeout"))) >= conversations));
        Assert.True(await FaultScale.EventuallyAsync(async () => (await ReadyReport.GetAsync(client)).ErrorKindOf("sms") == DependencyErrorKinds.Timeout));
        Assert.True(meter.Failures("sms", DependencyErrorKinds.Timeout) >= 1);
        Assert.Equal(0, await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.Status != OutboundStatus.Pending)));

        // 4. Twilio works again: everything waiting goes out, and SMS is no longer degraded anywhere.
        twilio.Fault = TwilioFault.None;
        app.Clock.Now += TimeSpan.FromMinutes(11);
        var caughtUp = await FaultScale.EventuallyAsync(
            async () => await app.WithDbAsync(db => db.Outbox.CountAsync(x => x.ChannelId == "sms" && x.Status == OutboundStatus.Pending)) == 0);
        Assert.True(caughtUp, caughtUp ? null : await DescribePendingAsync(app));

        var rows = await app.WithDbAsync(db => db.Outbox.Where(x => x.ChannelId == "sms").OrderBy(x => x.Id).ToListAsync());
        Assert.All(rows, row => Assert.Equal(OutboundStatus.Sent, row.Status));
        var expected = rows.Select(r => (To: r.ConversationId, Body: ActivityJson.Deserialize(r.ActivityJson)!.Text!))
            .Concat(twilio.AcceptedWithoutAnswer).Select(Key).Order(StringComparer.Ordinal).ToList();
        var delivered = twilio.Messages.Select(Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, delivered);
        Assert.All(twilio.AcceptedWithoutAnswer, m => Assert.Equal(2, twilio.Messages.Count(x => x == m)));

        Assert.True(await FaultScale.EventuallyAsync(async () => (await ReadyReport.GetAsync(client)).Status == "Healthy"));
        Assert.Equal("Ok", (await ReadyReport.GetAsync(client)).StateOf("sms"));
        Assert.Equal(0, meter.State("sms"));
        Assert.DoesNotContain("data-dependency", (await WorkspaceBrowser.GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);

        TestCounts.Report(output, "faults",
            $"Twilio faults (scale {FaultScale.Factor}): {strangers.Count + 1} inbound SMS, {rows.Count} outbound rows in {conversations} conversations; " +
            $"Twilio requests: {twilio.Attempts(TwilioFault.ServerError)} x 500, {twilio.Attempts(TwilioFault.TooManyRequests)} x 429, " +
            $"{twilio.Attempts(TwilioFault.AcceptThenHang)} timed out (accepted), {twilio.Attempts(TwilioFault.None)} x 201; " +
            $"messages delivered {twilio.Messages.Count} = {rows.Count} rows + {twilio.AcceptedWithoutAnswer.Count} duplicates from timed-out sends; lost 0; dead 0.");
    }

    private static async Task<string> DescribePendingAsync(DialogueApp app)
    {
        var pending = await app.WithDbAsync(db => db.Outbox.Where(x => x.Status == OutboundStatus.Pending).ToListAsync());
        return $"now {app.Clock.Now:O}; pending: " + string.Join("; ", pending.Select(r => $"#{r.Id} attempts {r.Attempts} next {r.NextAttemptAt:O} {r.LastError}"));
    }

    private static string Key((string To, string Body) message) => $"{message.To}\n{message.Body}";

    private static Task<int> PendingConversationsAsync(DialogueApp app) =>
        app.WithDbAsync(db => db.Outbox.Where(x => x.ChannelId == "sms" && x.Status == OutboundStatus.Pending)
            .Select(x => x.ConversationId).Distinct().CountAsync());
}
