using System.Net;
using System.Text.RegularExpressions;
using Dialogue.Bot.Staff.Workspace;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// The staff workspace at /veileder, in a browser's shoes: sign in with the cookie, read the server-rendered inbox,
/// press its buttons (forms with an antiforgery token), take over a conversation and write to the person by SMS.
/// Only the signed-in user's office is visible; everything a person wrote is escaped.
/// </summary>
public sealed partial class InboxPageTests
{
    private const string Overdose = "har tatt alle pillene mine 💊";
    private const string KariName = "Kari Nordmann";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Marte_sees_Karis_acute_escalation_with_level_highlighted_words_and_her_own_marker(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);

        await RaiseAsync(sms, Overdose);
        var page = await GetAsync(marte, "/veileder");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<html lang=\"nb\">", page.Body, StringComparison.Ordinal);
        var item = Item(page.Body, KariName);
        Assert.Contains("data-level=\"acute\"", item, StringComparison.Ordinal);
        Assert.Contains("Akutt</span>", item, StringComparison.Ordinal);
        Assert.Contains("<span class=\"mine\">din bruker</span>", item, StringComparison.Ordinal);
        Assert.Contains("Status: Ny", item, StringComparison.Ordinal);
        Assert.Contains("nå nettopp", item, StringComparison.Ordinal);
        Assert.Contains(SmsApp.KariPhone, item, StringComparison.Ordinal);
        var marks = Marks().Matches(item).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.Contains(System.Net.WebUtility.HtmlDecode(m), Overdose, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(">Kvitter</button>", item, StringComparison.Ordinal);
        Assert.Contains(">Ta over samtalen</button>", item, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"note-", item, StringComparison.Ordinal);

        // The age moves on with the clock, and 15 minutes without a receipt is overdue.
        sms.App.Clock.Now += TimeSpan.FromMinutes(16);
        var later = Item((await GetAsync(marte, "/veileder/inbox-fragment")).Body, KariName);
        Assert.Contains("for 16 min siden", later, StringComparison.Ordinal);
        Assert.Contains("Over fristen", later, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_fragment_shows_a_new_escalation_without_reloading_the_page(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);

        var before = await GetAsync(marte, "/veileder");
        Assert.Contains("Ingen åpne saker.", before.Body, StringComparison.Ordinal);
        Assert.Contains("data-fragment=\"/veileder/inbox-fragment\"", before.Body, StringComparison.Ordinal);
        Assert.Contains("aria-live=\"polite\"", before.Body, StringComparison.Ordinal);
        Assert.Contains("data-new-urgent=\"Ny hastesak\"", before.Body, StringComparison.Ordinal);

        await RaiseAsync(sms, "har sprukket igjen. orker ikke mer");
        var fragment = await GetAsync(marte, "/veileder/inbox-fragment");

        Assert.Equal(HttpStatusCode.OK, fragment.Status);
        Assert.DoesNotContain("<html", fragment.Body, StringComparison.Ordinal);
        Assert.Contains("data-level=\"high\"", Item(fragment.Body, KariName), StringComparison.Ordinal);
        Assert.Contains("Høy</span>", fragment.Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_office_sees_nothing_and_gets_404_for_the_conversation_and_the_actions(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        await RaiseAsync(sms, Overdose);
        var id = await EscalationIdAsync(sms);
        var takeover = await PostAsync(marte, $"/veileder/escalations/{id}/takeover", Token((await GetAsync(marte, "/veileder")).Body));
        var conversation = takeover.Location!;

        var page = await GetAsync(amina, "/veileder");
        var token = Token(page.Body);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Kari", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(id.ToString(), page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Kari", (await GetAsync(amina, "/veileder/inbox-fragment")).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(amina, conversation)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(amina, conversation + "/fragment")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, $"/veileder/escalations/{id}/acknowledge", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, $"/veileder/escalations/{id}/resolve", token, ("note", "Ikke min."))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, conversation + "/messages", token, ("text", "Hei"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, conversation + "/end", token)).Status);
        Assert.Equal(EscalationStatus.InContact, await sms.WithDbAsync(d => d.Escalations.Select(e => e.Status).SingleAsync()));
        Assert.Null(await sms.WithDbAsync(d => d.Handoffs.Select(h => h.EndedAt).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Without_signing_in_the_workspace_sends_you_to_the_login_page(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var browser = sms.App.Browser();

        var page = await GetAsync(browser, "/veileder");
        var fragment = await GetAsync(browser, "/veileder/inbox-fragment");
        var post = await PostAsync(browser, $"/veileder/escalations/{Guid.NewGuid()}/acknowledge", token: null);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/veileder/login?redirect=%2Fveileder", page.Location);
        Assert.Equal(HttpStatusCode.Redirect, fragment.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, post.Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Kvitter_works_with_the_pages_token_and_a_post_without_it_is_refused(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await RaiseAsync(sms, Overdose);
        var id = await EscalationIdAsync(sms);
        var page = await GetAsync(marte, "/veileder");

        var forged = await PostAsync(marte, $"/veileder/escalations/{id}/acknowledge", token: null);
        var wrong = await PostAsync(marte, $"/veileder/escalations/{id}/acknowledge", token: "not-a-token");
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal(EscalationStatus.Open, await sms.WithDbAsync(d => d.Escalations.Select(e => e.Status).SingleAsync()));

        // A token from another user's session is not Marte's either.
        using var jonas = await SignInAsync(sms.App, "Z990002");
        var jonasToken = Token((await GetAsync(jonas, "/veileder")).Body);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(marte, $"/veileder/escalations/{id}/acknowledge", jonasToken)).Status);

        var done = await PostAsync(marte, $"/veileder/escalations/{id}/acknowledge", Token(page.Body));

        Assert.Equal(HttpStatusCode.SeeOther, done.Status);
        Assert.Equal("/veileder?r=acknowledged", done.Location);
        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(EscalationStatus.Acknowledged, escalation.Status);
        Assert.Equal(new VeilederId(StaffApiClient.Marte), escalation.AcknowledgedBy);
        var after = await GetAsync(marte, done.Location!);
        Assert.Contains("role=\"status\">Saken er kvittert.</p>", after.Body, StringComparison.Ordinal);
        Assert.Contains("Status: Kvittert", Item(after.Body, KariName), StringComparison.Ordinal);
        Assert.DoesNotContain(">Kvitter</button>", Item(after.Body, KariName), StringComparison.Ordinal);

        // A second receipt is a conflict, said on the page.
        var again = await PostAsync(marte, $"/veileder/escalations/{id}/acknowledge", Token(after.Body));
        Assert.Equal("/veileder?r=conflict", again.Location);
        Assert.Contains("role=\"alert\"", (await GetAsync(marte, again.Location!)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Resolving_needs_a_note_and_takes_the_case_off_the_list(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await RaiseAsync(sms, Overdose);
        var id = await EscalationIdAsync(sms);
        var token = Token((await GetAsync(marte, "/veileder")).Body);

        var empty = await PostAsync(marte, $"/veileder/escalations/{id}/resolve", token, ("note", "   "));
        Assert.Equal("/veileder?r=note-missing", empty.Location);
        Assert.Contains("Skriv hva som ble gjort", (await GetAsync(marte, empty.Location!)).Body, StringComparison.Ordinal);

        var resolved = await PostAsync(marte, $"/veileder/escalations/{id}/resolve", token, ("note", "Ringte Kari. Legevakten er varslet."));

        Assert.Equal("/veileder?r=resolved", resolved.Location);
        var escalation = await sms.WithDbAsync(d => d.Escalations.SingleAsync());
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Equal("Ringte Kari. Legevakten er varslet.", escalation.ResolutionNote);
        Assert.DoesNotContain(KariName, (await GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task What_a_person_writes_is_escaped_everywhere(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await RaiseAsync(sms, "<script>alert(1)</script> vil ikke leve lenger");
        var id = await EscalationIdAsync(sms);

        var page = await GetAsync(marte, "/veileder");
        var takeover = await PostAsync(marte, $"/veileder/escalations/{id}/takeover", Token(page.Body));
        var conversation = await GetAsync(marte, takeover.Location!);

        foreach (var html in new[] { page.Body, conversation.Body })
        {
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Marte_takes_over_writes_by_sms_sees_the_answer_and_hands_back_to_the_bot(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await RaiseAsync(sms, "har sprukket igjen. orker ikke mer");
        var id = await EscalationIdAsync(sms);

        var takeover = await PostAsync(marte, $"/veileder/escalations/{id}/takeover", Token((await GetAsync(marte, "/veileder")).Body));
        Assert.Equal(HttpStatusCode.SeeOther, takeover.Status);
        var handoffId = await sms.WithDbAsync(d => d.Handoffs.Select(h => h.Id).SingleAsync());
        Assert.Equal($"/veileder/samtaler/{handoffId:D}", takeover.Location);
        Assert.Equal(TextCatalog.Bokmal.Render("handoff.started", new Dictionary<string, string> { ["name"] = "Marte" }), (await sms.WaitForSmsAsync(2))[1]);

        var conversation = await GetAsync(marte, takeover.Location!);
        Assert.Equal(HttpStatusCode.OK, conversation.Status);
        Assert.Contains("<h1>Samtale med Kari Nordmann</h1>", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("har sprukket igjen. orker ikke mer", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("class=\"from-person\"", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("class=\"from-veileder\"", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("maxlength=\"600\"", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("<label for=\"text-", conversation.Body, StringComparison.Ordinal);
        Assert.Contains(">Gi tilbake til chatboten</button>", conversation.Body, StringComparison.Ordinal);
        Assert.Contains($"data-fragment=\"/veileder/samtaler/{handoffId:D}/fragment\"", conversation.Body, StringComparison.Ordinal);
        Assert.Contains("<a class=\"button\" href=\"/veileder/samtaler/", Item((await GetAsync(marte, "/veileder")).Body, KariName), StringComparison.Ordinal);

        var token = Token(conversation.Body);
        var tooLong = await PostAsync(marte, takeover.Location + "/messages", token, ("text", new string('a', 601)));
        Assert.Equal(takeover.Location + "?r=message-invalid", tooLong.Location);

        var sent = await PostAsync(marte, takeover.Location + "/messages", token, ("text", "Hei Kari. Jeg ringer deg om ti minutter."));
        Assert.Equal(HttpStatusCode.SeeOther, sent.Status);
        Assert.Equal(takeover.Location + "?r=sent", sent.Location);
        Assert.Equal("Marte hos NAV: Hei Kari. Jeg ringer deg om ti minutter.", (await sms.WaitForSmsAsync(3))[2]);

        // Kari answers: the transcript fragment (what the page fetches live) has it.
        await sms.SendSmsAsync(SmsApp.KariPhone, "ok takk");
        Assert.True(await sms.EventuallyAsync(async () =>
            (await GetAsync(marte, takeover.Location + "/fragment")).Body.Contains("<p class=\"text\">ok takk</p>", StringComparison.Ordinal)));

        var back = await PostAsync(marte, takeover.Location + "/end", token);
        Assert.Equal(takeover.Location + "?r=handed-back", back.Location);
        Assert.Equal(TextCatalog.Bokmal.Render("handoff.ended"), (await sms.WaitForSmsAsync(4))[3]);
        var ended = await GetAsync(marte, back.Location!);
        Assert.Contains("Samtalen er gitt tilbake til chatboten.", ended.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<textarea", ended.Body, StringComparison.Ordinal);
        Assert.NotNull(await sms.WithDbAsync(d => d.Handoffs.Select(h => h.EndedAt).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_contact_request_is_listed_and_ferdig_closes_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await sms.SendSmsAsync(SmsApp.KariPhone, "ring meg");
        await sms.WaitForSmsAsync(1);
        await sms.SendSmsAsync(SmsApp.KariPhone, "i morgen formiddag");
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.ContactRequests.AnyAsync())));
        var id = await sms.WithDbAsync(d => d.ContactRequests.Select(c => c.Id).SingleAsync());

        var page = await GetAsync(marte, "/veileder");
        var item = Item(page.Body, KariName);
        Assert.Contains("Ønsket tid: i morgen formiddag", item, StringComparison.Ordinal);
        Assert.Contains($"href=\"tel:{SmsApp.KariPhone}\"", item, StringComparison.Ordinal);
        Assert.Contains(">Ferdig</button>", item, StringComparison.Ordinal);

        var done = await PostAsync(marte, $"/veileder/contact-requests/{id}/done", Token(page.Body));

        Assert.Equal("/veileder?r=contact-done", done.Location);
        Assert.Equal(ContactRequestStatus.Done, await sms.WithDbAsync(d => d.ContactRequests.Select(c => c.Status).SingleAsync()));
        Assert.Contains("Ingen venter på å bli ringt.", (await GetAsync(marte, "/veileder")).Body, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_page_loads_its_script_from_a_file_and_has_no_inline_script_or_style(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        await RaiseAsync(sms, Overdose);

        var page = await GetAsync(marte, "/veileder");
        var script = await GetAsync(marte, WorkspacePages.Script);
        var style = await GetAsync(marte, WorkspacePages.Stylesheet);

        Assert.Contains("<script src=\"/veileder/inbox.js\" defer></script>", page.Body, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(page.Body, "<script", RegexOptions.IgnoreCase));
        Assert.DoesNotContain("<style", page.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(" on[a-z]+=", page.Body);
        Assert.DoesNotMatch(" style=", page.Body);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.Status);
        Assert.Contains("/veileder/api/events", script.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, style.Status);
        foreach (var label in LabelFor().Matches(page.Body).Select(m => m.Groups[1].Value))
        {
            Assert.Contains($"id=\"{label}\"", page.Body, StringComparison.Ordinal);
        }

        Assert.All(Regex.Matches(page.Body, "<textarea id=\"([^\"]+)\"").Select(m => m.Groups[1].Value),
            id => Assert.Contains($"<label for=\"{id}\">", page.Body, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_text_the_workspace_uses_is_in_its_catalog_in_norwegian_and_every_catalog_text_is_used()
    {
        var catalog = WorkspaceTexts.Bokmal.Catalog;
        var english = new[] { " the ", " and ", " you ", "please", "error", "not found", "click", "submit", " is " };

        Assert.Equal("nb", catalog.Language);
        Assert.NotEmpty(WorkspaceTexts.All);
        Assert.All(WorkspaceTexts.All, id =>
        {
            Assert.True(catalog.Contains(id), $"'{id}' is not in the staff catalog (Staff/Texts/nb*.json).");
            var text = catalog.RenderSample(id);
            Assert.False(string.IsNullOrWhiteSpace(text), $"'{id}' is empty.");
            Assert.DoesNotContain(english, e => $" {text.ToLowerInvariant()} ".Contains(e, StringComparison.Ordinal));
        });
        Assert.Equal(catalog.Entries.Select(e => e.Id.Value).Order(), WorkspaceTexts.All.Select(i => i.Value).Order());
        Assert.Contains(catalog.Entries, e => e.Text.Contains('ø', StringComparison.Ordinal) || e.Text.Contains('å', StringComparison.Ordinal));
    }

    [Fact]
    public void Highlighting_marks_the_evidence_and_encodes_the_rest()
    {
        Assert.Equal("har tatt alle <mark>pillene</mark> mine", WorkspacePages.Highlight("har tatt alle pillene mine", ["pillene"]));
        Assert.Equal("<mark>Kutter</mark> meg &lt;b&gt; <mark>nå</mark>", WorkspacePages.Highlight("Kutter meg <b> nå", ["kutter + nå"]));
        Assert.Equal("&lt;script&gt;", WorkspacePages.Highlight("<script>", ["<script>"]).Replace("<mark>", string.Empty, StringComparison.Ordinal).Replace("</mark>", string.Empty, StringComparison.Ordinal));
        Assert.Equal("ingen treff", WorkspacePages.Highlight("ingen treff", ["noe annet"]));
    }

    private static async Task RaiseAsync(SmsApp sms, string text)
    {
        var response = await sms.SendSmsAsync(SmsApp.KariPhone, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await sms.EventuallyAsync(async () => await sms.WithDbAsync(d => d.Escalations.AnyAsync())));
    }

    private static Task<Guid> EscalationIdAsync(SmsApp sms) => sms.WithDbAsync(d => d.Escalations.Select(e => e.Id.Value).SingleAsync());

    /// <summary>The list item that names <paramref name="who"/> (it ends after its actions; its history is a list of its own).</summary>
    private static string Item(string html, string who) =>
        Regex.Matches(html, "<li class=\"case[\\s\\S]*?</div>\n</li>").Select(m => m.Value).SingleOrDefault(i => i.Contains(who, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No item for {who} in:\n{html}");

    [GeneratedRegex("<mark>([^<]+)</mark>")]
    private static partial Regex Marks();

    [GeneratedRegex("<label for=\"([^\"]+)\">")]
    private static partial Regex LabelFor();
}
