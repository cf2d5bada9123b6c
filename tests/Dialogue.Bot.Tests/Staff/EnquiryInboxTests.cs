using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Safety;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Journal;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Dialogue.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Dialogue.Bot.Tests.Staff.WorkspaceBrowser;

namespace Dialogue.Bot.Tests.Staff;

/// <summary>
/// Henvendelser in the inbox: what people with a case asked for (help, a new time, a question) and what people
/// without one left for the office. Listed after the escalations, the one due first on top; marked answered with
/// an optional note, by whom and when; only in the own office; announced live when a turn adds one.
/// </summary>
public sealed partial class EnquiryInboxTests
{
    private const string KariQuestion = "Når kommer pengene mine?";
    private const string OfficeText = "Jeg har fått ny telefon. Hilsen Ola.";

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Marte_sees_her_offices_enquiries_due_first_and_marks_one_answered_with_a_note(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var (question, message, old) = await SeedAsync(sms);
        using var marte = await SignInAsync(sms.App, StaffApiClient.Marte);

        var page = await GetAsync(marte, "/veileder");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var section = Section(page.Body, "enquiries-heading");
        Assert.Contains("Henvendelser (3)", section, StringComparison.Ordinal);
        Assert.Contains(KariQuestion, section, StringComparison.Ordinal);
        Assert.Contains(OfficeText, section, StringComparison.Ordinal);
        Assert.Contains("Fristen for svar er passert", Item(section, old), StringComparison.Ordinal);
        Assert.True(section.IndexOf(old.ToString(), StringComparison.Ordinal) < section.IndexOf(question.ToString(), StringComparison.Ordinal),
            "The overdue enquiry comes first.");
        Assert.Contains("Svar innen 23.11. kl.", Item(section, question), StringComparison.Ordinal); // Wednesday + 3 open days = Monday
        Assert.Contains($"href=\"/veileder/personer/{DemoPersonId("demo-kari")}\"", Item(section, question), StringComparison.Ordinal);

        var answered = await PostAsync(marte, $"/veileder/enquiries/{question}/answered", Token(page.Body), ("note", "Ringte Kari og forklarte."));

        Assert.Equal(HttpStatusCode.SeeOther, answered.Status);
        Assert.Equal("/veileder?r=answered", answered.Location);
        var stored = await sms.WithDbAsync(d => d.Enquiries.SingleAsync(e => e.Id == question));
        Assert.Equal((EnquiryStatus.Answered, new VeilederId("Z990001"), "Ringte Kari og forklarte.", sms.App.Clock.Now),
            (stored.Status, stored.AnsweredBy!.Value, stored.AnswerNote, stored.AnsweredAt!.Value));
        Assert.True(await sms.WithDbAsync(d => d.Journal.AnyAsync(e => e.Kind == JournalKinds.Enquiry && e.Actor == JournalActors.Veileder
            && e.Text == "Ringte Kari og forklarte." && e.ActorName == "Marte Lien")), "The answer is in Kari's case record, with who answered.");
        var after = await GetAsync(marte, "/veileder?r=answered");
        Assert.Contains("Henvendelsen er markert som besvart.", after.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(KariQuestion, after.Body, StringComparison.Ordinal);

        var handled = await PostAsync(marte, $"/veileder/enquiries/{message}/answered", Token(after.Body));
        Assert.Equal(HttpStatusCode.SeeOther, handled.Status);
        var office = await sms.WithDbAsync(d => d.OfficeMessages.SingleAsync(m => m.Id == message));
        Assert.Equal((OfficeMessageStatus.Handled, "Z990001", null), (office.Status, office.HandledBy?.Value, office.HandledNote));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Another_office_neither_sees_nor_answers_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var (question, message, _) = await SeedAsync(sms);
        using var amina = await SignInAsync(sms.App, StaffApiClient.Amina);
        var aminaApi = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Amina);

        var page = await GetAsync(amina, "/veileder");
        var token = Token(page.Body);

        Assert.Contains("Henvendelser (0)", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(KariQuestion, page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(OfficeText, (await GetAsync(amina, "/veileder/inbox-fragment")).Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, $"/veileder/enquiries/{question}/answered", token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amina, $"/veileder/enquiries/{message}/answered", token)).Status);
        Assert.Empty(await aminaApi.Http.GetFromJsonAsync<JsonArray>("/veileder/api/enquiries") ?? []);
        Assert.Equal(HttpStatusCode.NotFound, (await aminaApi.PostAsync($"/veileder/api/enquiries/{question}/answered", new { note = "x" })).Status);
        Assert.Equal(EnquiryStatus.Open, await sms.WithDbAsync(d => d.Enquiries.Where(e => e.Id == question).Select(e => e.Status).SingleAsync()));
        Assert.Equal(OfficeMessageStatus.New, await sms.WithDbAsync(d => d.OfficeMessages.Where(m => m.Id == message).Select(m => m.Status).SingleAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task The_api_lists_them_and_answers_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);
        var (question, _, _) = await SeedAsync(sms);
        var marte = await StaffApiClient.SignInAsync(sms.App, StaffApiClient.Marte);

        var list = await marte.Http.GetFromJsonAsync<JsonArray>("/veileder/api/enquiries");
        var first = await marte.PostAsync($"/veileder/api/enquiries/{question}/answered", new { note = "Svarte på SMS." });
        var again = await marte.PostAsync($"/veileder/api/enquiries/{question}/answered", new { note = "Igjen." });
        var tooLong = await marte.PostAsync($"/veileder/api/enquiries/{Guid.NewGuid()}/answered", new { note = new string('x', EnquiryDesk.MaxNoteLength + 1) });

        Assert.Equal(3, list!.Count);
        Assert.Contains(list, e => (string?)e!["text"] == KariQuestion && (string?)e["personName"] == "Kari Nordmann");
        Assert.True(first.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, first.Status.ToString());
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal("Svarte på SMS.", await sms.WithDbAsync(d => d.Enquiries.Where(e => e.Id == question).Select(e => e.AnswerNote).SingleAsync()));
    }

    [Fact]
    public async Task A_message_a_stranger_leaves_by_sms_is_announced_live_to_the_reception_office()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var sms = new SmsApp(db);
        var events = sms.App.Services.GetRequiredService<StaffEvents>();
        using var baerum = events.Subscribe(DemoData.Baerum);
        using var grunerlokka = events.Subscribe(DemoData.Grunerlokka);
        const string stranger = "+4791234567";

        foreach (var text in new[] { "hei", "2", OfficeText, "Ola", "1" })
        {
            Assert.Equal(HttpStatusCode.OK, (await sms.SendSmsAsync(stranger, text)).StatusCode);
            Assert.True(await sms.EventuallyAsync(async () =>
                await sms.WithDbAsync(d => d.Inbox.AllAsync(i => i.Status != InboundStatus.Pending))));
        }

        Assert.True(await sms.EventuallyAsync(() => Task.FromResult(baerum.Reader.TryPeek(out _))));
        Assert.True(baerum.Reader.TryRead(out var raised));
        Assert.Equal(StaffEventTypes.EnquiryRaised, raised!.Type);
        Assert.False(grunerlokka.Reader.TryRead(out _));
        Assert.Equal(1, await sms.WithDbAsync(d => d.OfficeMessages.CountAsync()));
    }

    /// <summary>Kari's question (today), a stranger's message to Bærum (today), and Ola's old request for a new time (overdue).</summary>
    private static async Task<(Guid Question, Guid Message, Guid Old)> SeedAsync(SmsApp sms)
    {
        var now = sms.App.Clock.Now;
        var question = Guid.NewGuid();
        var message = Guid.NewGuid();
        var old = Guid.NewGuid();
        await sms.WithDbAsync(async d =>
        {
            d.Enquiries.Add(new Enquiry
            {
                Id = question, PersonId = DemoPersonId("demo-kari"), OfficeId = DemoData.Baerum, Kind = EnquiryKind.Question,
                Text = KariQuestion, CreatedAt = now,
            });
            d.Enquiries.Add(new Enquiry
            {
                Id = old, PersonId = DemoPersonId("demo-ola"), OfficeId = DemoData.Baerum, Kind = EnquiryKind.NewAppointmentTime,
                CreatedAt = now.AddDays(-10),
            });
            d.OfficeMessages.Add(new OfficeMessage
            {
                Id = message, OfficeId = DemoData.Baerum, ChannelId = "sms", ConversationId = "sms-+4791234567", SenderAddress = "+4791234567",
                Text = OfficeText, ContactInfo = "Ola", ReceivedAt = now,
            });
            return await d.SaveChangesAsync();
        });
        return (question, message, old);
    }

    private static PersonId DemoPersonId(string account) =>
        DemoData.For(FakeClock.Wednesday).People.Single(p => p.AccountId == account).Person.Id;

    private static string Section(string html, string headingId) =>
        Regex.Match(html, $"<section aria-labelledby=\"{headingId}\">[\\s\\S]*?</section>") is { Success: true } m
            ? m.Value
            : throw new Xunit.Sdk.XunitException($"No section {headingId} in:\n{html}");

    private static string Item(string html, Guid id) =>
        Regex.Match(html, $"<li class=\"case enquiry[^\"]*\" id=\"enquiry-{id:D}\"[\\s\\S]*?</li>") is { Success: true } m
            ? m.Value
            : throw new Xunit.Sdk.XunitException($"No item {id} in:\n{html}");
}
