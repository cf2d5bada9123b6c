using System.Net;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dialogue.Bot.Tests.Audit;

/// <summary>
/// The logs of real conversations, captured at Trace: what people, the bot and veiledere write never appears in an
/// entry at Information or above, and a fødselsnummer written in a message never appears unmasked at any level.
/// </summary>
public sealed class LogPrivacyTests
{
    private const string Fnr = "24128512353";
    private const string WithFnr = "Mitt fødselsnummer er " + Fnr + " hvis dere trenger det";
    private const string SmsText = "Jeg har søkt på tre butikkjobber denne uka";
    private const string ChatText = "Lurer på om kurset i Sandvika fortsatt går";
    private const string Acute = "har tatt alle pillene mine nå i kveld";
    private const string VeilederText = "Hei Kari. Jeg ringer deg om fem minutter, hold ut.";
    private const string ReplyInHandoff = "ok jeg sitter ved telefonen og venter";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Conversations_leave_no_message_text_above_debug_and_no_unmasked_national_identity_number(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var logs = new LogRecorder();
        await using var sms = new SmsApp(db,
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:Dialogue.Cases.Messaging.TurnProcessor"] = "Trace",
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        // SMS through the signed Twilio webhook: an ordinary answer, and one with a fødselsnummer.
        await SendAsync(sms, SmsText, replies: 1);
        await SendAsync(sms, WithFnr, replies: 2);

        // The Bot Framework protocol, as Kari and as a stranger.
        var chatReplies = await sms.App.SayAsync("log-chat-1", ChatText, from: "demo-kari");
        chatReplies.AddRange(await sms.App.SayAsync("log-chat-2", WithFnr, from: "someone-new"));

        // An acute message: escalation, a notice to Marte's phone; then Marte takes over and writes, and Kari answers.
        await SendAsync(sms, Acute, replies: 3);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Escalations.AnyAsync())));
        var escalationId = await sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);
        var (status, takeover) = await staff.PostAsync($"/veileder/api/escalations/{escalationId}/takeover");
        Assert.Equal(HttpStatusCode.OK, status);
        var handoffId = takeover!["handoffId"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoffId}/messages", new { text = VeilederText })).Status);
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, ReplyInHandoff)).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Inbox.CountAsync(i => i.Status != InboundStatus.Pending)) >= 6));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/veileder/api/handoffs/{handoffId}")).Status);
        // The veileder's message leaves through the outbox, so it may reach Twilio a moment after the POST returned.
        Assert.True(await sms.EventuallyAsync(() => Task.FromResult(sms.Twilio.Calls.Any(c =>
            (c.Form.GetValueOrDefault("Body") ?? string.Empty).Contains(VeilederText, StringComparison.Ordinal)))));
        var allSms = sms.Twilio.Calls.Select(c => c.Form.GetValueOrDefault("Body") ?? string.Empty).ToList();

        var entries = logs.Entries.ToList();
        var written = new[] { SmsText, WithFnr, ChatText, Acute, VeilederText, ReplyInHandoff }
            .Concat(allSms).Concat(chatReplies).Where(t => t.Length > 0).Distinct().ToList();
        foreach (var entry in entries.Where(e => e.Level >= LogLevel.Information))
        {
            foreach (var text in written)
            {
                Assert.False(entry.AllText.Contains(text, StringComparison.Ordinal),
                    $"{entry.Category} logged at {entry.Level} what someone wrote: \"{text}\"\n{entry.AllText}");
            }
        }

        Assert.DoesNotContain(entries, e => e.AllText.Contains(Fnr, StringComparison.Ordinal));

        // The turn text is logged at Debug, with the number masked: the masking is what keeps it out.
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.AllText.Contains("Mitt fødselsnummer er *********** hvis", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Level == LogLevel.Debug && e.AllText.Contains(SmsText, StringComparison.Ordinal));
    }

    private static async Task SendAsync(SmsApp sms, string text, int replies)
    {
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, text)).StatusCode);
        Assert.True((await sms.WaitForSmsAsync(replies)).Count >= replies);
    }
}
