using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// An escalation's history in the workspace: collapsed in the inbox's card, as a section on the conversation page; the
/// notes' codes in Norwegian words; what a veileder wrote, and anything unknown, escaped.
/// </summary>
public sealed partial class EscalationHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 18, 12, 15, 0, TimeSpan.Zero);

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_inbox_card_has_the_history_collapsed_and_the_conversation_page_shows_it_with_the_resolution_escaped(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene mine 💊")).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Escalations.AnyAsync())));
        var id = await sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());

        var inbox = await GetAsync(marte, "/veileder");
        var card = Regex.Match(inbox.Body, "<li class=\"case[\\s\\S]*?</li>\\n</ul>").Value;
        Assert.Contains("<details class=\"history\"><summary>Historikk (2)</summary>", card, StringComparison.Ordinal);
        Assert.Contains("<span class=\"what\">Saken ble opprettet</span> av chatboten<span class=\"note\">Nivå: Akutt. Treff i ordlisten: ", card, StringComparison.Ordinal);
        Assert.Contains("<span class=\"what\">Varsel sendt</span> av chatboten<span class=\"note\">SMS til veilederens jobbtelefon.</span>", card, StringComparison.Ordinal);
        Assert.Contains("<time datetime=\"2026-11-18T12:15:00Z\">kl. 13:15</time>", card, StringComparison.Ordinal);
        Assert.DoesNotContain("sms:veileder_work_phone", card, StringComparison.Ordinal);
        Assert.Contains("<details class=\"history\">", (await GetAsync(marte, "/veileder/inbox-fragment")).Body, StringComparison.Ordinal);

        var takeover = await PostAsync(marte, $"/veileder/escalations/{id}/takeover", Token(inbox.Body));
        var conversation = takeover.Location!;
        var resolve = await PostAsync(marte, $"/veileder/escalations/{id}/resolve", Token(inbox.Body), ("note", "Ringte <script>alert(1)</script> & fikk svar"));
        Assert.Equal(HttpStatusCode.SeeOther, resolve.Status);

        var page = await GetAsync(marte, conversation);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var history = Regex.Match(page.Body, "<section aria-labelledby=\"history-heading\">[\\s\\S]*?</section>").Value;
        Assert.Contains("<h2 id=\"history-heading\">Historikk for saken</h2>", history, StringComparison.Ordinal);
        Assert.Contains("<span class=\"what\">Samtalen ble tatt over</span> av Z990001", history, StringComparison.Ordinal);
        Assert.Contains("<span class=\"what\">Løst</span> av Z990001<span class=\"note\">Notat: Ringte &lt;script&gt;alert(1)&lt;/script&gt; &amp; fikk svar</span>", history, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        var order = new[] { "Saken ble opprettet", "Varsel sendt", "Samtalen ble tatt over", "Løst" }.Select(w => history.IndexOf(w, StringComparison.Ordinal)).ToList();
        Assert.All(order, i => Assert.True(i >= 0));
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public void The_watchdogs_and_the_desks_codes_are_rendered_in_norwegian()
    {
        var page = Page();

        Assert.Equal("Ikke kvittert etter 16 min. SMS til kontorets vakttelefon og teamleder Z990010.",
            Note(page, EscalationEventTypes.SlaMissed, "watchdog", "minutes=16;sms=office_duty_phone,team_lead:Z990010"));
        Assert.Equal("Ikke kvittert etter 15 min. Ingen vakttelefon eller teamleder å varsle.",
            Note(page, EscalationEventTypes.SlaMissed, "watchdog", "minutes=15;sms=none"));
        Assert.Equal("SMS til kontorets vakttelefon. Sendes 19.11. kl. 08:00, når kontoret åpner.",
            Note(page, EscalationEventTypes.Notified, "bot", "sms:office_duty_phone;send_at=2026-11-19T07:00:00Z"));
        Assert.Equal("Har ikke skrevet på 7 dager, etter 3 meldinger.", Note(page, EscalationEventTypes.Created, "watchdog", "silent_days=7;messages=3"));
        Assert.Equal("Nivå: Høy. Treff i ordlisten: relapse, hopeless.", Note(page, EscalationEventTypes.FollowUpMessage, "bot", "High: relapse, hopeless"));

        var html = Render(page, new EscalationEvent { EscalationId = EscalationId.New(), Type = EscalationEventTypes.SlaMissed, Actor = "watchdog", Note = "minutes=16;sms=none", At = Now });
        Assert.Contains("<span class=\"what\">Fristen gikk ut</span> av fristvakten", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_types_and_notes_are_shown_as_written_and_escaped()
    {
        var page = Page();
        var html = Render(page, new EscalationEvent
        {
            EscalationId = EscalationId.New(), Type = "<b>new_type</b>", Actor = "<i>Z1</i>", Note = "<img src=x onerror=alert(1)>", At = Now,
        });

        Assert.Contains("Annen hendelse (&lt;b&gt;new_type&lt;/b&gt;)", html, StringComparison.Ordinal);
        Assert.Contains("av &lt;i&gt;Z1&lt;/i&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"note\">&lt;img src=x onerror=alert(1)&gt;</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);

        // A code with a value this version does not know is not guessed at: it is shown as written.
        Assert.Equal("sms:pager", Note(page, EscalationEventTypes.Notified, "bot", "sms:pager"));
        Assert.Equal("minutes=x;sms=none", Note(page, EscalationEventTypes.SlaMissed, "watchdog", "minutes=x;sms=none"));
        Assert.Null(Note(page, EscalationEventTypes.Acknowledged, "Z990001", null));
    }

    private static PageContext Page() => new(WorkspaceTexts.Bokmal, "Marte Lien", "Z990001", "0219", "f", "t", Now, CanSignOut: false);

    private static string? Note(PageContext page, string type, string actor, string? note) =>
        EscalationHistoryHtml.Note(page, new EscalationEvent { EscalationId = EscalationId.New(), Type = type, Actor = actor, Note = note, At = Now });

    private static string Render(PageContext page, EscalationEvent e)
    {
        var html = new StringBuilder();
        EscalationHistoryHtml.Section(html, page, [e]);
        return html.ToString();
    }

    private static async Task<StaffTestHost.Response> PostAsync(HttpClient browser, string path, string token, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token)).ToList();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        return await StaffTestHost.SendAsync(browser, request);
    }
}
