using System.Net;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Safety;

/// <summary>
/// Distress over SMS, end to end: the real host, Twilio's REST API faked, the clock controlled. The escalation must
/// exist, the person must get the emergency numbers first, and a human must be told.
/// </summary>
public sealed class SafetySmsTests
{
    private const string MartePhone = "+4799990101";
    private const string BaerumDutyPhone = "+4799990190";
    private const string HildeTeamLeadPhone = "+4799990110";
    private const string StrangerPhone = "+4791234567";

    private static readonly string NewEscalationNotice = TextCatalog.Bokmal.Render("staff.notify.new");
    private static readonly string OverdueNotice = TextCatalog.Bokmal.Render("staff.notify.overdue");

    /// <summary>Saturday 21 November 2026, 22:00 in Oslo: the office is closed until Monday 08:00.</summary>
    private static readonly DateTimeOffset SaturdayNight = new(2026, 11, 21, 21, 0, 0, TimeSpan.Zero);

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_acute_sms_gets_113_in_the_first_reply_an_escalation_and_a_notice_without_personal_details_to_the_veileder(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var now = sms.App.Clock.Now;

        var response = await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene mine 💊");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var first = (await sms.WaitForSmsAsync(1))[0];
        Assert.Contains("113", first, StringComparison.Ordinal);
        Assert.Contains("116 123", first, StringComparison.Ordinal);
        Assert.Contains("veilederen din", first, StringComparison.Ordinal);
        Assert.DoesNotContain("?", first, StringComparison.Ordinal); // no plan question in a crisis

        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(RiskLevel.Acute, escalation.Level);
        Assert.Equal(EscalationStatus.Open, escalation.Status);
        Assert.Equal(new VeilederId(StaffApiClient.Marte), escalation.VeilederId);
        Assert.Equal(new OfficeId("0219"), escalation.OfficeId);
        Assert.Equal(SmsApp.KariPhone, escalation.SenderAddress);
        Assert.Equal("har tatt alle pillene mine 💊", escalation.MessageText);
        Assert.Contains("overdose", escalation.SignalsJson, StringComparison.Ordinal);
        Assert.Equal(now + TimeSpan.FromMinutes(15), escalation.AcknowledgeBy);
        Assert.False(escalation.OutsideOfficeHours);

        var notice = Assert.Single(await sms.WaitForSmsAsync(1, MartePhone));
        Assert.Equal(NewEscalationNotice, notice);
        Assert.DoesNotContain("Kari", notice, StringComparison.Ordinal);

        var history = await sms.WithDbAsync(d => d.EscalationEvents.OrderBy(e => e.Id).Select(e => e.Type).ToListAsync());
        Assert.Equal([EscalationEventTypes.Created, EscalationEventTypes.Notified], history);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Unacknowledged_after_15_minutes_the_escalation_goes_to_the_duty_phone_and_the_team_lead(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var watchdog = sms.App.Services.GetRequiredService<EscalationWatchdog>();

        await sms.SendSmsAsync(SmsApp.KariPhone, "orker ikke mer. skal ta livet mitt i kveld");
        await sms.WaitForSmsAsync(1);

        sms.App.Clock.Now += TimeSpan.FromMinutes(14);
        await watchdog.CheckAsync(CancellationToken.None);
        Assert.Null(await sms.WithDbAsync(d => d.Escalations.Select(e => e.RoutedToBackupAt).SingleAsync()));

        sms.App.Clock.Now += TimeSpan.FromMinutes(2);
        await watchdog.CheckAsync(CancellationToken.None);

        Assert.Equal([OverdueNotice], await sms.WaitForSmsAsync(1, BaerumDutyPhone));
        Assert.Equal([OverdueNotice], await sms.WaitForSmsAsync(1, HildeTeamLeadPhone));
        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(sms.App.Clock.Now, escalation.RoutedToBackupAt);
        var missed = await sms.WithDbAsync(d => d.EscalationEvents.SingleAsync(e => e.Type == EscalationEventTypes.SlaMissed));
        Assert.Equal(EscalationWatchdog.Actor, missed.Actor);

        // Once is enough: the next round sends nothing more.
        await watchdog.CheckAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.Single(sms.Twilio.Calls, c => c.Form["To"] == BaerumDutyPhone);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task An_escalation_acknowledged_in_time_never_goes_to_the_backup(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);

        await sms.SendSmsAsync(SmsApp.KariPhone, "vil ikke leve lenger");
        await sms.WaitForSmsAsync(1);
        var id = (await staff.InboxAsync())[0]!["id"]!.GetValue<Guid>();
        sms.App.Clock.Now += TimeSpan.FromMinutes(5);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/escalations/{id}/acknowledge")).Status);

        sms.App.Clock.Now += TimeSpan.FromHours(1);
        await sms.App.Services.GetRequiredService<EscalationWatchdog>().CheckAsync(CancellationToken.None);

        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(EscalationStatus.Acknowledged, escalation.Status);
        Assert.Equal(new VeilederId(StaffApiClient.Marte), escalation.AcknowledgedBy);
        Assert.Null(escalation.RoutedToBackupAt);
        Assert.DoesNotContain(sms.Twilio.Calls, c => c.Form["To"] == BaerumDutyPhone);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Outside_office_hours_the_person_is_told_honestly_that_NAV_is_closed_and_where_to_call_now(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        sms.App.Clock.Now = SaturdayNight;

        await sms.SendSmsAsync(SmsApp.KariPhone, "sitter med tablettene nå. vil bare sove for godt");

        var first = (await sms.WaitForSmsAsync(1))[0];
        Assert.Contains("113", first, StringComparison.Ordinal);
        Assert.Contains("116 117", first, StringComparison.Ordinal);
        Assert.Contains("116 123", first, StringComparison.Ordinal);
        Assert.Contains("NAV er stengt", first, StringComparison.Ordinal);
        Assert.Contains("mandag kl. 08:00", first, StringComparison.Ordinal);

        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.True(escalation.OutsideOfficeHours);
        var mondayOpening = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayOpening + TimeSpan.FromMinutes(15), escalation.AcknowledgeBy);

        // The veileder's phone is not woken at night: the notice waits for the office to open.
        var notice = await sms.WithDbAsync(d => d.Outbox.SingleAsync(o => o.ConversationId == MartePhone));
        Assert.Equal(mondayOpening, notice.NextAttemptAt);
        Assert.Equal(OutboundStatus.Pending, notice.Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_veileder_takes_over_writes_gets_the_answer_by_sms_and_hands_back_to_the_bot(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);
        var events = sms.App.Services.GetRequiredService<StaffEvents>();
        using var live = events.Subscribe(new OfficeId("0219"));

        await sms.SendSmsAsync(SmsApp.KariPhone, "har sprukket igjen. orker ikke mer");
        var high = (await sms.WaitForSmsAsync(1))[0];
        Assert.Contains("i dag", high, StringComparison.Ordinal);
        Assert.Contains("116 123", high, StringComparison.Ordinal);
        var raised = await live.Reader.ReadAsync();
        Assert.Equal(StaffEventTypes.EscalationRaised, raised.Type);

        var inbox = await staff.InboxAsync();
        var escalationId = inbox[0]!["id"]!.GetValue<Guid>();
        Assert.Equal("High", inbox[0]!["level"]!.GetValue<string>(), ignoreCase: true);

        var (status, takeover) = await staff.PostAsync($"/veileder/api/escalations/{escalationId}/takeover");
        Assert.Equal(HttpStatusCode.OK, status);
        var handoffId = takeover!["handoffId"]!.GetValue<Guid>();
        Assert.Equal(TextCatalog.Bokmal.Render("handoff.started", new Dictionary<string, string> { ["name"] = "Marte" }), (await sms.WaitForSmsAsync(2))[1]);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoffId}/messages", new { text = "Hei Kari. Jeg ringer deg om ti minutter." })).Status);
        Assert.Equal("Marte hos NAV: Hei Kari. Jeg ringer deg om ti minutter.", (await sms.WaitForSmsAsync(3))[2]);

        // The person's answer reaches the veileder, and the bot says nothing.
        await sms.SendSmsAsync(SmsApp.KariPhone, "ok takk");
        Assert.True(await sms.EventuallyAsync(async () =>
            (await staff.GetAsync($"/veileder/api/handoffs/{handoffId}")).Body?["transcript"]?.AsArray()
                .Any(l => l!["from"]!.GetValue<string>() == "person" && l["text"]!.GetValue<string>() == "ok takk") == true));
        Assert.Contains(await DrainAsync(live), e => e.Type == StaffEventTypes.HandoffMessage && e.HandoffId == handoffId);
        await Task.Delay(300);
        Assert.Equal(3, (await sms.WaitForSmsAsync(3)).Count);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/handoffs/{handoffId}/end")).Status);
        Assert.Equal(TextCatalog.Bokmal.Render("handoff.ended"), (await sms.WaitForSmsAsync(4))[3]);

        // The bot is back: the next message gets the plan conversation.
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        Assert.True(await SaysAsync(sms, TextCatalog.Bokmal.Render("welcome.ask_time"), after: 4));

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/escalations/{escalationId}/resolve", new { note = "Ringte Kari. Hun har time hos LAR i morgen." })).Status);
        var history = await sms.WithDbAsync(d => d.EscalationEvents.OrderBy(e => e.Id).Select(e => new { e.Type, e.Actor }).ToListAsync());
        Assert.Equal(
            [EscalationEventTypes.Created, EscalationEventTypes.Notified, EscalationEventTypes.HandoffStarted, EscalationEventTypes.HandoffEnded, EscalationEventTypes.Resolved],
            history.Select(h => h.Type));
        Assert.All(history.Skip(2), h => Assert.Equal(StaffApiClient.Marte, h.Actor));
        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Equal("Ringte Kari. Hun har time hos LAR i morgen.", escalation.ResolutionNote);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task During_a_handoff_an_acute_message_still_gets_the_emergency_numbers_and_is_highlighted(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);

        await sms.SendSmsAsync(SmsApp.KariPhone, "har ikke penger til mat og blir kastet ut av leiligheten");
        await sms.WaitForSmsAsync(1);
        var high = (await staff.InboxAsync())[0]!["id"]!.GetValue<Guid>();
        await staff.PostAsync($"/veileder/api/escalations/{high}/takeover");
        await sms.WaitForSmsAsync(2);

        await sms.SendSmsAsync(SmsApp.KariPhone, "jeg har skrevet avskjedsbrev. i natt tar jeg livet mitt");

        var texts = await sms.WaitForSmsAsync(3);
        Assert.Contains("113", texts[2], StringComparison.Ordinal);
        var inbox = await staff.InboxAsync();
        Assert.Equal("Acute", inbox[0]!["level"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("avskjedsbrev", inbox[0]!["messageText"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(inbox[0]!["signals"]!.AsArray());
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task After_an_acute_message_the_bot_asks_no_plan_questions_until_the_escalation_is_resolved(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        Assert.True(await SaysAsync(sms, TextCatalog.Bokmal.Render("welcome.ask_time")));
        var before = Bodies(sms, SmsApp.KariPhone).Count;
        await sms.SendSmsAsync(SmsApp.KariPhone, "kutter meg nå 😭😭");
        Assert.True(await SaysAsync(sms, "113", after: before));
        before = Bodies(sms, SmsApp.KariPhone).Count;
        await sms.SendSmsAsync(SmsApp.KariPhone, "ja");

        Assert.True(await SaysAsync(sms, TextCatalog.Bokmal.Render("safety.crisis_followup"), after: before));
        Assert.Equal(before + 1, Bodies(sms, SmsApp.KariPhone).Count);
        var id = (await staff.InboxAsync())[0]!["id"]!.GetValue<Guid>();
        Assert.Contains(await sms.WithDbAsync(d => d.EscalationEvents.Select(e => e.Type).ToListAsync()), t => t == EscalationEventTypes.FollowUpMessage);

        await staff.PostAsync($"/veileder/api/escalations/{id}/resolve", new { note = "Snakket med Kari på telefon. Legevakten er varslet." });
        before = Bodies(sms, SmsApp.KariPhone).Count;
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei");
        Assert.True(await SaysAsync(sms, TextCatalog.Bokmal.Render("welcome.ask_time"), after: before));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_moderate_message_leaves_a_note_for_the_veileder_and_the_conversation_goes_on_without_alarm(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(SmsApp.KariPhone, "hei. har sovet dårlig og er litt stressa");

        Assert.True(await SaysAsync(sms, TextCatalog.Bokmal.Render("welcome.ask_time")));
        Assert.DoesNotContain(Bodies(sms, SmsApp.KariPhone), b => b.Contains("113", StringComparison.Ordinal));
        var note = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(RiskLevel.Moderate, note.Level);
        Assert.Null(note.AcknowledgeBy);
        await Task.Delay(300);
        Assert.DoesNotContain(sms.Twilio.Calls, c => c.Form["To"] == MartePhone);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_stranger_in_crisis_gets_the_numbers_without_any_case_being_revealed_and_the_office_is_told(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        await sms.SendSmsAsync(StrangerPhone, "kompisen min puster ikke, han har tatt noe");

        var first = (await sms.WaitForSmsAsync(1, StrangerPhone))[0];
        Assert.Contains("113", first, StringComparison.Ordinal);
        Assert.DoesNotContain("veilederen din", first, StringComparison.Ordinal);
        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Null(escalation.PersonId);
        Assert.Null(escalation.VeilederId);
        Assert.Equal(new OfficeId("0219"), escalation.OfficeId);
        Assert.Equal(StrangerPhone, escalation.SenderAddress);
        Assert.Equal([NewEscalationNotice], await sms.WaitForSmsAsync(1, BaerumDutyPhone));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_person_who_answered_and_then_went_silent_for_a_week_is_flagged_to_the_veileder_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var watchdog = sms.App.Services.GetRequiredService<EscalationWatchdog>();
        foreach (var text in new[] { "hei", "ja", "ja" })
        {
            await sms.SendSmsAsync(SmsApp.KariPhone, text);
        }

        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Inbox.CountAsync(r => r.Status == InboundStatus.Processed)) == 3));
        sms.App.Clock.Now += TimeSpan.FromDays(6);
        await watchdog.CheckAsync(CancellationToken.None);
        Assert.Equal(0, await sms.WithDbAsync(d => d.Escalations.CountAsync()));

        sms.App.Clock.Now += TimeSpan.FromDays(2);
        await watchdog.CheckAsync(CancellationToken.None);
        await watchdog.CheckAsync(CancellationToken.None);

        var nudge = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(EscalationKind.Silence, nudge.Kind);
        Assert.Equal(new VeilederId(StaffApiClient.Marte), nudge.VeilederId);
        Assert.Null(nudge.AcknowledgeBy);
        await Task.Delay(300);
        Assert.DoesNotContain(sms.Twilio.Calls, c => c.Form["To"] == MartePhone);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_number_that_sent_stopp_still_gets_the_emergency_numbers_when_it_writes_it_is_in_danger(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await sms.SendSmsAsync(SmsApp.KariPhone, "STOPP");
        await sms.WaitForSmsAsync(1);
        await sms.SendSmsAsync(SmsApp.KariPhone, "hei igjen");
        await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene");

        Assert.True(await SaysAsync(sms, "113", after: 1));
        Assert.Equal(2, Bodies(sms, SmsApp.KariPhone).Count); // the STOPP confirmation and the emergency numbers, nothing else
        Assert.Equal(1, await sms.WithDbAsync(d => d.Escalations.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Ring_meg_by_sms_creates_a_contact_request_the_veileder_sees_and_closes(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var staff = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);

        await sms.SendSmsAsync(SmsApp.KariPhone, "ring meg");
        Assert.True(await SaysAsync(sms, "ringer deg"));
        await sms.SendSmsAsync(SmsApp.KariPhone, "i morgen formiddag");
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.ContactRequests.AnyAsync())));

        using var listed = await staff.Http.GetAsync("/veileder/api/contact-requests");
        var requests = System.Text.Json.Nodes.JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray();
        var request = Assert.Single(requests)!;
        Assert.Equal(SmsApp.KariPhone, request["phone"]!.GetValue<string>());
        Assert.Equal("i morgen formiddag", request["preferredTimeText"]!.GetValue<string>());
        Assert.True(request["assignedToMe"]!.GetValue<bool>());
        Assert.Equal(0, await sms.WithDbAsync(d => d.Escalations.CountAsync())); // a wish to talk is not an alarm

        var amina = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Amina);
        var id = request["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.NotFound, (await amina.PostAsync($"/veileder/api/contact-requests/{id}/done")).Status);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/veileder/api/contact-requests/{id}/done")).Status);
        Assert.Equal(Dialogue.Plan.Domain.ContactRequestStatus.Done, await sms.WithDbAsync(d => d.ContactRequests.Select(c => c.Status).SingleAsync()));
    }

    private static List<string> Bodies(SmsApp sms, string to) =>
        sms.Twilio.Calls.Where(c => c.Form.GetValueOrDefault("To") == to).Select(c => c.Form["Body"]).ToList();

    /// <summary>Whether an SMS to Kari after the first <paramref name="after"/> ones contains <paramref name="fragment"/> (waits, bounded).</summary>
    private static Task<bool> SaysAsync(SmsApp sms, string fragment, int after = 0) =>
        sms.EventuallyAsync(() => Task.FromResult(
            Bodies(sms, SmsApp.KariPhone).Skip(after).Any(b => b.Contains(Gsm7Safe(fragment), StringComparison.Ordinal))));

    private static string Gsm7Safe(string text) => Dialogue.Language.Gsm7.ToSafe(text);

    private static async Task<List<StaffEvent>> DrainAsync(StaffEvents.Subscription subscription)
    {
        var seen = new List<StaffEvent>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            while (true)
            {
                seen.Add(await subscription.Reader.ReadAsync(wait.Token));
            }
        }
        catch (OperationCanceledException)
        {
            return seen;
        }
    }
}
