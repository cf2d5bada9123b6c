using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Audit;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Microsoft.EntityFrameworkCore;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// The log review at /veileder/logg: search the office's conversations (person, dates, channel, risk, text), read
/// one, print it and export it as JSON. Each read is one audit line; another office finds nothing and reads nothing;
/// what a person wrote is text, never markup.
/// </summary>
public sealed partial class LogReviewTests
{
    private const string Overdose = "har tatt alle pillene mine";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Marte_finds_Karis_conversations_reads_one_and_each_read_is_audited_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await TextAsync(sms, Overdose);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);

        var search = await GetAsync(marte, "/veileder/logg");
        Assert.Equal(HttpStatusCode.OK, search.Status);
        var links = Links(search.Body);
        Assert.Equal(2, links.Count); // today's, and the seeded check-in a week ago
        Assert.Contains("Les samtalen med Kari Nordmann", search.Body, StringComparison.Ordinal);

        var acute = await GetAsync(marte, "/veileder/logg?risiko=acute");
        var acuteLink = Assert.Single(Links(acute.Body));
        var page = await GetAsync(marte, acuteLink);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>Samtale med Kari Nordmann</h1>", page.Body, StringComparison.Ordinal);
        Assert.Matches("<mark>[^<]*pillene[^<]*</mark>", page.Body);
        Assert.Contains("from-bot", page.Body, StringComparison.Ordinal); // both sides
        Assert.Contains("113", page.Body, StringComparison.Ordinal);
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        var reads = await AuditAsync(sms, "transcript.read");
        var read = Assert.Single(reads);
        Assert.Equal(("Z990001", AccessDecision.Permit, acuteLink), (read.ActorIdent.Value, read.Decision, read.Path));
        Assert.NotNull(read.PersonId);
        Assert.Equal(2, (await AuditAsync(sms, "log.search")).Count);

        await GetAsync(marte, acuteLink);
        Assert.Equal(2, (await AuditAsync(sms, "transcript.read")).Count);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_filters_narrow_the_list(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await TextAsync(sms, Overdose);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var kari = await sms.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Kari").Select(p => p.Id.Value).SingleAsync());
        var ola = await sms.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Ola").Select(p => p.Id.Value).SingleAsync());
        var today = sms.App.Clock.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Single(Links((await GetAsync(marte, "/veileder/logg?tekst=PILLENE")).Body));
        Assert.Single(Links((await GetAsync(marte, $"/veileder/logg?fra={today}")).Body));
        Assert.Equal(2, Links((await GetAsync(marte, $"/veileder/logg?person={kari:D}&kanal=sms")).Body).Count);
        Assert.Empty(Links((await GetAsync(marte, $"/veileder/logg?person={ola:D}")).Body));
        Assert.Empty(Links((await GetAsync(marte, "/veileder/logg?kanal=directline")).Body));
        Assert.Contains("Ingen samtaler passer med søket.", (await GetAsync(marte, "/veileder/logg?tekst=tannlegen-finnes-ikke")).Body, StringComparison.Ordinal);

        var wrong = await GetAsync(marte, "/veileder/logg?fra=32.13.2026");
        Assert.Contains("role=\"alert\"", wrong.Body, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#fra\">", wrong.Body, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", wrong.Body, StringComparison.Ordinal);
        Assert.Empty(Links(wrong.Body));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_conversation_exports_as_json_and_prints_and_both_are_audited_as_exports(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await TextAsync(sms, Overdose);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var link = Assert.Single(Links((await GetAsync(marte, "/veileder/logg?risiko=acute")).Body));

        var json = await GetAsync(marte, link + "/eksport.json");
        var print = await GetAsync(marte, link + "/utskrift");

        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal("application/json", json.MediaType);
        var export = JsonNode.Parse(json.Body)!;
        Assert.Equal("Kari Nordmann", (string?)export["person"]!["name"]);
        Assert.Equal("Z990001", (string?)export["exportedBy"]);
        var lines = export["lines"]!.AsArray();
        Assert.Contains(lines, l => (string?)l!["from"] == "person" && (string?)l["text"] == Overdose && (string?)l["riskLevel"] == "acute");
        Assert.Contains(lines, l => (string?)l!["from"] == "bot");
        Assert.Equal(HttpStatusCode.OK, print.Status);
        Assert.Contains("Samtale med Kari Nordmann i Dialogue", print.Body, StringComparison.Ordinal);
        Assert.Contains("Hentet ut av Marte Lien (Z990001)", print.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<nav", print.Body, StringComparison.Ordinal);
        Assert.Equal(2, (await AuditAsync(sms, "transcript.export")).Count);
        Assert.Empty(await AuditAsync(sms, "transcript.read"));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_office_finds_nothing_and_reads_nothing_and_the_look_is_audited_as_a_deny(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        await TextAsync(sms, Overdose);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        var link = Assert.Single(Links((await GetAsync(marte, "/veileder/logg?risiko=acute")).Body));
        var kari = await sms.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Kari").Select(p => p.Id.Value).SingleAsync());

        var search = await GetAsync(amina, $"/veileder/logg?person={kari:D}&tekst=pillene");
        Assert.Empty(Links(search.Body));
        Assert.DoesNotContain("Kari", search.Body, StringComparison.Ordinal);
        foreach (var path in new[] { link, link + "/utskrift", link + "/eksport.json" })
        {
            var refused = await GetAsync(amina, path);
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.DoesNotContain("pillene", refused.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Kari", refused.Body, StringComparison.Ordinal);
        }

        var denied = await sms.WithDbAsync(d => d.AccessAudit.Where(a => a.ActorIdent == new Dialogue.Plan.Domain.VeilederId("Z990003")
            && a.Action != "log.search").ToListAsync());
        Assert.Equal(3, denied.Count);
        Assert.All(denied, a => Assert.Equal((AccessDecision.Deny, (Dialogue.Plan.Domain.PersonId?)null), (a.Decision, a.PersonId)));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(marte, "/veileder/logg/" + kari.ToString("D") + "/not-a-session")).Status);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Markup_a_person_writes_is_shown_as_text_in_the_transcript_print_and_export(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        const string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)> orker ikke mer";
        await TextAsync(sms, hostile);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        var link = Links((await GetAsync(marte, "/veileder/logg?tekst=orker")).Body).Single();

        foreach (var path in new[] { link, link + "/utskrift" })
        {
            var page = await GetAsync(marte, path);
            Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", page.Body, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", page.Body, StringComparison.Ordinal);
        }

        var export = JsonNode.Parse((await GetAsync(marte, link + "/eksport.json")).Body)!;
        Assert.Contains(export["lines"]!.AsArray(), l => (string?)l!["text"] == hostile);
    }

    private static async Task TextAsync(SmsApp sms, string text)
    {
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, text)).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Journal.AnyAsync(e => e.Kind == JournalKinds.MessageOut && e.Seq != null && e.At >= sms.App.Clock.Now.AddMinutes(-1)))));
    }

    private static Task<List<AccessAuditRecord>> AuditAsync(SmsApp sms, string action) =>
        sms.WithDbAsync(d => d.AccessAudit.Where(a => a.Action == action).ToListAsync());

    private static List<string> Links(string html) =>
        TranscriptLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<a href=\"(/veileder/logg/[0-9a-f-]{36}/[A-Za-z0-9_-]+)\">")]
    private static partial Regex TranscriptLink();
}
