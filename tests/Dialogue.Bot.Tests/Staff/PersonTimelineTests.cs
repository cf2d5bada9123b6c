using System.Net;
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
/// The person page's timeline from the case record, and the access audit of the page: newest first, the words that
/// raised a risk signal marked, and exactly one person.read line per view (a refused look is a Deny without a person).
/// </summary>
public sealed partial class PersonPageTests
{
    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_timeline_shows_the_case_record_newest_first_with_the_risky_words_marked(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(SmsApp.KariPhone, "har tatt alle pillene mine")).StatusCode);
        Assert.True(await sms.EventuallyAsync(async () =>
            await sms.WithDbAsync(d => d.Journal.AnyAsync(e => e.Kind == JournalKinds.Escalation && e.Seq != null))));

        var page = await GetAsync(marte, await KariPathAsync(sms));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var timeline = page.Body[page.Body.IndexOf("<h2 id=\"timeline-heading\">", StringComparison.Ordinal)..];
        Assert.Contains("Samtaler og hendelser", timeline, StringComparison.Ordinal);
        Assert.Matches("<mark>[^<]*pillene[^<]*</mark>", timeline);
        Assert.Contains("level-acute", timeline, StringComparison.Ordinal);
        Assert.Contains("Samtalereferat", timeline, StringComparison.Ordinal); // the seeded check-in a week ago
        Assert.True(timeline.IndexOf("pillene", StringComparison.Ordinal) < timeline.IndexOf("Samtalereferat", StringComparison.Ordinal),
            "Newest first: today's message before last week's summary.");
        Assert.Contains("/veileder/logg?person=", timeline, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Each_view_of_a_person_page_is_one_audit_line_and_another_offices_look_is_a_deny(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        var path = await KariPathAsync(sms);
        var kari = await sms.WithDbAsync(d => d.Persons.Where(p => p.FirstName == "Kari").Select(p => p.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(amina, path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(marte, "/veileder/personer")).Status); // the list is not a person page

        var rows = await sms.WithDbAsync(d => d.AccessAudit.Where(a => a.Action == "person.read").OrderBy(a => a.At).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.All(rows.Take(2), r => Assert.Equal(("Z990001", AccessDecision.Permit, kari, path), (r.ActorIdent.Value, r.Decision, r.PersonId!.Value, r.Path)));
        Assert.Equal(("Z990003", AccessDecision.Deny, (Dialogue.Plan.Domain.PersonId?)null), (rows[2].ActorIdent.Value, rows[2].Decision, rows[2].PersonId));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Staff_of_the_office_export_everything_about_the_person_and_the_export_is_audited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        var path = await KariPathAsync(sms) + "/eksport.json";

        var export = await GetAsync(marte, path);
        var refused = await GetAsync(amina, path);

        Assert.Equal(HttpStatusCode.OK, export.Status);
        Assert.Equal("application/json", export.MediaType);
        var document = System.Text.Json.Nodes.JsonNode.Parse(export.Body)!;
        Assert.Equal("Kari", (string?)document["person"]?["firstName"]);
        Assert.Contains("Få fast jobb i butikk", export.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ola", export.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.DoesNotContain("Kari", refused.Body, StringComparison.Ordinal);
        var rows = await sms.WithDbAsync(d => d.AccessAudit.Where(a => a.Action == "person.export").OrderBy(a => a.At).ToListAsync());
        Assert.Equal([AccessDecision.Permit, AccessDecision.Deny], rows.Select(r => r.Decision));
    }
}
