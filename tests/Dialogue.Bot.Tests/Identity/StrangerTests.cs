using System.Net;
using System.Text.RegularExpressions;
using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Identity;

/// <summary>
/// People the bot does not know (issue 4): general help only, never any case data, the same words whether or not a
/// number is known, and a message for the NAV office that lands in the right office's queue.
/// </summary>
public sealed class StrangerTests
{
    private const string UnknownNumber = "+4790000001";

    private static string T(TextId id, params (string Name, string Value)[] args) =>
        TextCatalog.Bokmal.Render(id, args.ToDictionary(a => a.Name, a => a.Value));

    private static async Task<List<Activity>> Sms(DialogueApp app, string text, string from = UnknownNumber, string? conversation = null)
    {
        var (status, replies) = await app.PostAsync(Activities.Message(conversation ?? $"sms-{from}", text, channelId: "sms", from: from));
        Assert.Equal(HttpStatusCode.OK, status);
        return replies;
    }

    private static async Task<List<string>> SmsTexts(DialogueApp app, string text, string from = UnknownNumber, string? conversation = null) =>
        (await Sms(app, text, from, conversation)).Select(r => r.Text ?? string.Empty).ToList();

    private static async Task<List<string>> Web(DialogueApp app, string text, string from = "browser-1") =>
        await PostTexts(app, Activities.Message($"web-{from}", text, channelId: "webchat", from: from));

    private static async Task<List<string>> PostTexts(DialogueApp app, System.Text.Json.Nodes.JsonObject activity)
    {
        var (status, replies) = await app.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, status);
        return replies.Select(r => r.Text ?? string.Empty).ToList();
    }

    /// <summary>Every name, goal, activity and place in the demo cases: none of it may reach a stranger.</summary>
    private static readonly IReadOnlyList<string> CaseWords = CaseWordsOf(DemoData.For(FakeClockNow));

    private static DateTimeOffset FakeClockNow => Dialogue.Tests.Shared.FakeClock.Wednesday;

    private static List<string> CaseWordsOf(DemoData demo) =>
    [
        .. demo.People.SelectMany(p => new[] { p.Person.FirstName, p.Person.LastName, p.Person.Goal }).OfType<string>(),
        .. demo.Veiledere.SelectMany(v => new[] { v.FirstName, v.LastName }),
        .. demo.Activities.Select(a => a.Title),
        .. demo.Appointments.Select(a => a.Place),
        .. demo.Offices.Select(o => o.Name),
    ];

    private static void AssertNoCaseData(IEnumerable<string> replies)
    {
        var all = string.Join("\n", replies);
        Assert.All(CaseWords, word => Assert.DoesNotMatch(new Regex($@"\b{Regex.Escape(word)}\b"), all));
    }

    [Fact]
    public async Task An_unknown_number_is_told_who_the_bot_is_and_offered_general_help_and_a_message_but_no_code()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        var replies = await Sms(app, "hei");

        Assert.Equal(
            [T("stranger.intro"), $"{T("stranger.menu.ask")}\n1 {T("stranger.choice.question")}\n2 {T("stranger.choice.message")}\n{T("prompt.sms_hint.two")}"],
            replies.Select(r => r.Text));
        Assert.All(replies, r => Assert.Null(r.SuggestedActions));
    }

    [Fact]
    public async Task An_unknown_number_gets_general_answers_and_no_case_data_whatever_it_asks()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var said = new List<string>();

        said.AddRange(await SmsTexts(app, "hei"));
        Assert.Equal([T("stranger.question.ask")], await SmsTexts(app, "1"));
        var answer = await SmsTexts(app, "når kommer pengene");
        Assert.Equal([T("faq.utbetaling"), T("stranger.question.more")], answer);
        said.AddRange(answer);
        foreach (var text in new[] { "hva er planen min?", "når er møtet mitt", "hvem er veilederen min?", "hva er målet mitt", "VEILEDER", "HJELP" })
        {
            said.AddRange(await SmsTexts(app, text));
            await SmsTexts(app, "STOPP");
        }

        AssertNoCaseData(said);
        Assert.DoesNotContain(T("welcome.ask_time"), said);
    }

    [Fact]
    public async Task A_number_on_two_cases_gets_exactly_the_words_an_unknown_number_gets()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        var kariPhone = PhoneNumber.Parse("+4799990001");

        // On Kari's case only, her number is Kari's: the test would notice if the number were not looked up at all.
        Assert.Equal(T("welcome.intro", ("name", "Kari")), (await SmsTexts(app, "hei", kariPhone.E164, "before-sharing"))[0]);
        await app.WithDbAsync(async d =>
        {
            var siri = await d.Persons.SingleAsync(p => p.FirstName == "Siri");
            d.PersonPhones.Add(new PersonPhone { PersonId = siri.Id, Number = kariPhone });
            return await d.SaveChangesAsync();
        });

        var script = new[] { "hei", "1", "hva er planen min?", "ja", "Geir her", "ja" };
        var shared = new List<string>();
        var unknown = new List<string>();
        foreach (var text in script)
        {
            shared.AddRange(await SmsTexts(app, text, kariPhone.E164, "shared"));
            unknown.AddRange(await SmsTexts(app, text, UnknownNumber, "unknown"));
        }

        Assert.Equal(unknown, shared);
        AssertNoCaseData(shared);
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task A_stranger_leaves_a_message_by_sms_and_it_lands_in_the_reception_office_queue(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);
        const string message = "Jeg har mistet telefonen min og har ny. Dette er Ola.";

        await SmsTexts(app, "hei");
        Assert.Equal([T("stranger.message.ask")], await SmsTexts(app, "2"));
        Assert.Equal([T("stranger.contact.ask_sms")], await SmsTexts(app, message));
        var recap = await SmsTexts(app, "Ola H.");
        Assert.Equal(
            [T("stranger.message.recap_sms"), T("stranger.message.recap_contact", ("contact", "Ola H.")), $"{T("stranger.message.confirm")}\n1 Ja\n2 Nei\n{T("prompt.sms_hint.two")}"],
            recap);
        Assert.DoesNotContain(recap, r => r.Contains("telefonen", StringComparison.Ordinal)); // not repeated on a lock screen
        Assert.Equal([T("stranger.message.sent", ("days", "3"))], await SmsTexts(app, "1"));

        var stored = await app.WithDbAsync(d => d.OfficeMessages.SingleAsync());
        Assert.Equal(DemoData.Baerum, stored.OfficeId);
        Assert.Equal(("sms", $"sms-{UnknownNumber}", UnknownNumber), (stored.ChannelId, stored.ConversationId, stored.SenderAddress));
        Assert.Equal((message, "Ola H."), (stored.Text, stored.ContactInfo));
        Assert.Equal((OfficeMessageStatus.New, app.Clock.Now), (stored.Status, stored.ReceivedAt));
        Assert.Equal(0, await app.WithDbAsync(d => d.Enquiries.CountAsync()));
    }

    [Fact]
    public async Task On_web_chat_the_contact_can_be_skipped_and_the_person_is_told_the_office_cannot_answer_then()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Web(app, "hei");
        await Web(app, "Sende melding til NAV");
        Assert.Equal([T("stranger.contact.ask_web")], await Web(app, "Dere må ringe meg"));

        Assert.Equal([T("stranger.message.recap", ("message", "Dere må ringe meg")), T("stranger.message.confirm")], await Web(app, "Hopp over"));
        Assert.Equal([T("stranger.message.sent_no_contact")], await Web(app, "ja"));

        var stored = await app.WithDbAsync(d => d.OfficeMessages.SingleAsync());
        Assert.Equal(("webchat", "browser-1", (string?)null), (stored.ChannelId, stored.SenderAddress, stored.ContactInfo));
    }

    [Fact]
    public async Task A_personal_question_is_not_looked_up_but_can_be_sent_to_the_office_as_written()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        const string question = "hvorfor har jeg ikke fått pengene mine?";

        var offer = await SmsTexts(app, question);
        Assert.Equal([T("stranger.intro"), $"{T("stranger.offer.ask")}\n1 Ja\n2 Nei\n{T("prompt.sms_hint.two")}"], offer);
        Assert.Equal([T("stranger.contact.ask_sms")], await SmsTexts(app, "ja"));
        await SmsTexts(app, "hopp over");
        Assert.Equal([T("stranger.message.sent", ("days", "3"))], await SmsTexts(app, "ja"));

        var stored = await app.WithDbAsync(d => d.OfficeMessages.SingleAsync());
        Assert.Equal((question, (string?)null), (stored.Text, stored.ContactInfo));
        Assert.Equal(0, await app.WithDbAsync(d => d.Enquiries.CountAsync()));
    }

    [Fact]
    public async Task A_personal_question_from_the_question_choice_is_offered_as_a_message_and_can_be_declined()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Web(app, "hei");
        await Web(app, "Spørre om noe");

        Assert.Equal([T("stranger.no_case"), T("stranger.offer.ask")], await Web(app, "når er neste møte med veilederen min"));
        Assert.Equal([T("stranger.offer.no")], await Web(app, "nei"));
        Assert.Equal(0, await app.WithDbAsync(d => d.OfficeMessages.CountAsync()));
    }

    [Fact]
    public async Task A_general_question_written_as_the_message_is_sent_as_written_not_answered()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Web(app, "hei");
        await Web(app, "2");

        Assert.Equal([T("stranger.contact.ask_web")], await Web(app, "når kommer pengene?"));
    }

    [Fact]
    public async Task Words_at_the_menu_are_taken_as_the_persons_own_question()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Web(app, "hei");

        Assert.Equal([T("faq.meldekort"), T("stranger.question.more")], await Web(app, "hvordan sender jeg meldekort"));
        await Web(app, "hei");
        Assert.Equal([T("stranger.no_case"), T("stranger.offer.ask")], await Web(app, "jeg har fått nytt nummer"));
    }

    public static TheoryData<string?, bool, string[], string?> Routing() => new()
    {
        // Offices:Reception, demo data, offices in the database, the office that gets the message.
        { "0315", true, [], "0315" },
        { null, true, [], "0219" },
        { null, false, ["4711"], "4711" },
        { null, false, ["4711", "4712"], null },
        { "9999", false, ["4711"], null },
    };

    [Theory]
    [MemberData(nameof(Routing))]
    public async Task The_message_goes_to_the_reception_office_else_the_only_office_else_the_unassigned_queue(
        string? reception, bool demo, string[] offices, string? expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, host: b =>
        {
            b.UseSetting("Demo:Seed", demo ? "true" : "false");
            if (reception is not null)
            {
                b.UseSetting("Offices:Reception", reception);
            }
        });
        await app.WithDbAsync(d =>
        {
            d.Offices.AddRange(offices.Select(o => new Office { Id = new OfficeId(o), Name = $"NAV {o}" }));
            return d.SaveChangesAsync();
        });

        foreach (var text in new[] { "hei", "2", "Ring meg", "hopp over", "ja" })
        {
            await SmsTexts(app, text);
        }

        var stored = await app.WithDbAsync(d => d.OfficeMessages.SingleAsync());
        Assert.Equal(expected, stored.OfficeId?.Value);
    }
}
