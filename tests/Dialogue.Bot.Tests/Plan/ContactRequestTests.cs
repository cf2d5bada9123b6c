using System.Net;
using Dialogue.Bot.Tests.Sms;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Dialogs;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Plan;

/// <summary>
/// Asking for a human ("VEILEDER", "ring meg") through the real host: a call-me request to the person's veileder,
/// with when it suits and the number to call; nothing stored and nothing revealed for someone the bot does not know.
/// The clock is Wednesday 18 November 2026, 13:15 in Oslo; Kari's veileder is Marte (Z990001) at NAV Bærum (0219).
/// </summary>
public sealed class ContactRequestTests
{
    private const string KariPhone = "+4799990001";

    private static string T(TextId id, params (string Name, string Value)[] args) =>
        TextCatalog.Bokmal.Render(id, args.ToDictionary(a => a.Name, a => a.Value));

    private static string AskTime => T("contact.ask_time", ("veileder", "Marte"));

    private static List<string> Saved => [T("contact.saved", ("veileder", "Marte")), T("contact.go_on")];

    private static List<string> Welcome => [T("welcome.intro", ("name", "Kari")), T("welcome.privacy", ("veileder", "Marte"))];

    private static Task<List<string>> Kari(DialogueApp app, string text) => app.SayAsync("kari", text, from: "demo-kari");

    private static Task<List<ContactRequest>> RequestsAsync(DialogueApp app) => app.WithDbAsync(d => d.ContactRequests.ToListAsync());

    private static Task<Person> KariAsync(DialogueApp app) =>
        app.WithDbAsync(d => d.Persons.Include(p => p.Phones).SingleAsync(p => p.FirstName == "Kari"));

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Ring_meg_asks_when_it_suits_and_leaves_an_open_request_for_her_veileder(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        Assert.Equal([.. Welcome, AskTime], await Kari(app, "ring meg"));
        Assert.Equal(Saved, await Kari(app, "i morgen formiddag"));

        var kari = await KariAsync(app);
        var request = Assert.Single(await RequestsAsync(app));
        Assert.Equal(kari.Id, request.PersonId);
        Assert.Equal(PhoneNumber.Parse(KariPhone), request.Phone);
        Assert.Equal(new VeilederId("Z990001"), request.VeilederId);
        Assert.Equal(new OfficeId("0219"), request.OfficeId);
        Assert.Equal(ContactRequestStatus.Open, request.Status);
        Assert.Equal("i morgen formiddag", request.PreferredTimeText);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero), request.PreferredFrom); // 10:00 in Oslo
        Assert.Equal(("test", "kari"), (request.ChannelId, request.ConversationId));
        Assert.Equal(FakeClock.Wednesday, request.CreatedAt);

        // The plan is still there to go on with.
        Assert.Equal([T("welcome.back", ("name", "Kari")), T("welcome.ask_time")], await Kari(app, "hei"));
    }

    [Theory]
    [InlineData("VEILEDER")]
    [InlineData("veilder")]
    [InlineData("snakke med et menneske")]
    [InlineData("kan noen ringe meg?")]
    [InlineData("vil prate med veilederen min")]
    public async Task Asking_for_a_human_in_the_middle_of_the_check_in_starts_the_same_request(string ask)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var before = await app.WithDbAsync(d => d.Activities.SingleAsync(a => a.Title == "Lage en CV"));
        await Kari(app, "hei");
        Assert.Equal([T("checkin.ask", ("title", "Lage en CV"))], await Kari(app, "ja"));

        Assert.Equal([AskTime], await Kari(app, ask));
        Assert.Equal(Saved, await Kari(app, "når som helst"));

        var request = Assert.Single(await RequestsAsync(app));
        Assert.Equal(("når som helst", (DateTimeOffset?)null), (request.PreferredTimeText, request.PreferredFrom));
        Assert.Equal(PhoneNumber.Parse(KariPhone), request.Phone);

        // The check-in was set aside: the next message starts the plan afresh, and the activity is untouched.
        Assert.Equal([T("welcome.back", ("name", "Kari")), T("welcome.ask_time")], await Kari(app, "hei"));
        var cv = await app.WithDbAsync(d => d.Activities.SingleAsync(a => a.Title == "Lage en CV"));
        Assert.Equal((before.Status, before.UpdatedAt), (cv.Status, cv.UpdatedAt));
    }

    [Theory]
    [InlineData("vet ikke", "vet ikke")]
    [InlineData("VEILEDER", null)]
    [InlineData("ring meg", null)]
    public async Task No_particular_time_is_a_fine_answer(string answer, string? stored)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "nei");

        Assert.Equal([AskTime], await Kari(app, "VEILEDER"));
        Assert.Equal(Saved, await Kari(app, answer));

        var request = Assert.Single(await RequestsAsync(app));
        Assert.Equal((stored, (DateTimeOffset?)null), (request.PreferredTimeText, request.PreferredFrom));
    }

    [Fact]
    public async Task A_request_that_says_when_is_not_asked_again_and_ring_meg_with_a_time_answers_the_question()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "nei");

        Assert.Equal(Saved, await Kari(app, "ring meg i morgen kl 10"));
        Assert.Equal([AskTime], await Kari(app, "ring meg"));
        Assert.Equal(Saved, await Kari(app, "ring meg etter kl 14"));

        var requests = (await RequestsAsync(app)).OrderBy(r => r.PreferredTimeText, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                ("ring meg etter kl 14", (DateTimeOffset?)new DateTimeOffset(2026, 11, 18, 13, 0, 0, TimeSpan.Zero)),
                ("ring meg i morgen kl 10", new DateTimeOffset(2026, 11, 19, 9, 0, 0, TimeSpan.Zero)),
            ],
            requests.Select(r => (r.PreferredTimeText, r.PreferredFrom)));
    }

    [Fact]
    public async Task A_day_that_has_begun_is_from_now()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "nei");
        await Kari(app, "ring meg");

        await Kari(app, "i dag");

        Assert.Equal(FakeClock.Wednesday, Assert.Single(await RequestsAsync(app)).PreferredFrom);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Over_sms_the_number_to_call_is_the_one_the_message_came_from(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var sms = new SmsApp(db);

        // A second number on her case: on web chat she would be asked which one; on SMS the sender's number is it.
        await sms.WithDbAsync(async d =>
        {
            var kari = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            d.PersonPhones.Add(new PersonPhone { PersonId = kari.Id, Number = PhoneNumber.Parse("+4791234567") });
            return await d.SaveChangesAsync();
        });

        await sms.SendSmsAsync(KariPhone, "kan noen ringe meg");
        Assert.True(await SentAsync(sms, "Når passer det at Marte ringer deg?"));
        await sms.SendSmsAsync(KariPhone, "i morgen formiddag");
        Assert.True(await SentAsync(sms, "Jeg har sagt ifra til Marte."));

        var request = Assert.Single(await sms.WithDbAsync(d => d.ContactRequests.ToListAsync()));
        Assert.Equal(PhoneNumber.Parse(KariPhone), request.Phone);
        Assert.Equal(("sms", KariPhone), (request.ChannelId, request.ConversationId));
    }

    [Fact]
    public async Task Someone_the_bot_does_not_know_gets_the_phone_number_and_nothing_is_stored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        Assert.Equal([T(DialogBot.HumanText)], await app.SayAsync("web", "ring meg", from: "not-linked"));
        Assert.Equal([T(DialogBot.HumanText)], await app.SayAsync("web", "VEILEDER", from: "not-linked"));
        Assert.Equal([T(DialogBot.HumanText)], await SmsTexts(app, "kan noen ringe meg", "+4790000001"));

        Assert.Empty(await RequestsAsync(app));
    }

    [Fact]
    public async Task A_number_on_two_cases_gets_exactly_what_an_unknown_number_gets()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await app.WithDbAsync(async d =>
        {
            var siri = await d.Persons.SingleAsync(p => p.FirstName == "Siri");
            d.PersonPhones.Add(new PersonPhone { PersonId = siri.Id, Number = PhoneNumber.Parse(KariPhone) });
            return await d.SaveChangesAsync();
        });

        foreach (var text in new[] { "ring meg", "VEILEDER", "i morgen" })
        {
            Assert.Equal(await SmsTexts(app, text, "+4790000001"), await SmsTexts(app, text, KariPhone));
        }

        Assert.Empty(await RequestsAsync(app));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Without_a_phone_on_the_case_the_person_is_asked_for_one_and_a_bad_number_is_asked_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        await app.WithDbAsync(async d =>
        {
            d.PersonPhones.RemoveRange(d.PersonPhones.Where(p => p.Number == PhoneNumber.Parse(KariPhone)));
            return await d.SaveChangesAsync();
        });
        await Kari(app, "hei");
        await Kari(app, "nei");

        Assert.Equal([AskTime], await Kari(app, "ring meg"));
        Assert.Equal([T("contact.ask_phone")], await Kari(app, "fredag"));
        Assert.Equal([T("contact.retry_phone"), T("contact.ask_phone")], await Kari(app, "12345"));
        Assert.Equal([T("contact.retry_phone"), T("contact.ask_phone")], await Kari(app, "hæ?"));
        Assert.Equal(Saved, await Kari(app, "nummeret er 912 34 567"));

        var request = Assert.Single(await RequestsAsync(app));
        Assert.Equal(PhoneNumber.Parse("+4791234567"), request.Phone);
        Assert.Equal(("fredag", (DateTimeOffset?)new DateTimeOffset(2026, 11, 19, 23, 0, 0, TimeSpan.Zero)),
            (request.PreferredTimeText, request.PreferredFrom)); // Friday 00:00 in Oslo
    }

    [Fact]
    public async Task With_several_phones_the_person_is_asked_which_and_may_have_none()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await app.WithDbAsync(async d =>
        {
            var kari = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            d.PersonPhones.Add(new PersonPhone { PersonId = kari.Id, Number = PhoneNumber.Parse("+4791234567") });
            return await d.SaveChangesAsync();
        });
        await Kari(app, "hei");
        await Kari(app, "nei");
        await Kari(app, "VEILEDER");

        var (_, replies) = await app.PostAsync(Activities.Message("kari", "i morgen", from: "demo-kari"));
        var ask = Assert.Single(replies);
        Assert.Equal(T("contact.ask_phone"), ask.Text);
        Assert.Equal([T("contact.choice.no_phone")], ask.SuggestedActions!.Actions!.Select(a => a.Title));

        Assert.Equal([T("contact.saved_no_phone", ("veileder", "Marte")), T("contact.go_on")], await Kari(app, T("contact.choice.no_phone")));
        Assert.Null(Assert.Single(await RequestsAsync(app)).Phone);
    }

    [Theory]
    [InlineData("AVBRYT")]
    [InlineData("STOPP")]
    public async Task Cancelling_stores_nothing(string cancel)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "nei");
        await Kari(app, "ring meg");

        Assert.Equal([T("interrupt.stopped")], await Kari(app, cancel));

        Assert.Empty(await RequestsAsync(app));
    }

    private static Task<bool> SentAsync(SmsApp sms, string text) =>
        sms.EventuallyAsync(() => Task.FromResult(sms.Twilio.Calls.Any(c => c.Form.GetValueOrDefault("Body")?.Contains(text, StringComparison.Ordinal) == true)));

    private static async Task<List<string>> SmsTexts(DialogueApp app, string text, string from)
    {
        var (status, replies) = await app.PostAsync(Activities.Message($"sms-{from}", text, channelId: "sms", from: from));
        Assert.Equal(HttpStatusCode.OK, status);
        return replies.Select(r => r.Text ?? string.Empty).ToList();
    }
}
