using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Plan;

/// <summary>Free-text questions: general ones answered plainly anywhere; personal ones passed to the veileder; nothing revealed to strangers.</summary>
public sealed class QuestionTests
{
    private static string T(TextId id, params (string Name, string Value)[] args) =>
        TextCatalog.Bokmal.Render(id, args.ToDictionary(a => a.Name, a => a.Value));

    [Theory]
    [InlineData("når kommer pengene?", "faq.utbetaling")]
    [InlineData("hvordan sender jeg meldekort", "faq.meldekort")]
    [InlineData("ka e åpningstidene deres", "faq.apningstider")]
    [InlineData("hva er en aktivitetsplan", "faq.aktivitetsplan")]
    [InlineData("har ikke bankid, hva gjør jeg", "faq.bankid")]
    public async Task A_general_question_from_a_stranger_gets_a_plain_answer_and_nothing_else(string question, string answer)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        Assert.Equal([T(answer)], await app.SayAsync("stranger", question, from: "not-linked"));
    }

    [Fact]
    public async Task A_general_question_on_first_contact_comes_after_the_welcome()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        var replies = await app.SayAsync("kari", "når kommer pengene?", from: "demo-kari");

        Assert.Equal([T("welcome.intro", ("name", "Kari")), T("welcome.privacy", ("veileder", "Marte")), T("faq.utbetaling")], replies);
    }

    [Fact]
    public async Task A_general_question_in_the_middle_is_answered_and_the_current_question_asked_again()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await app.SayAsync("kari", "hei", from: "demo-kari");
        await app.SayAsync("kari", "ja", from: "demo-kari");

        var replies = await app.SayAsync("kari", "hva er en aktivitetsplan?", from: "demo-kari");

        Assert.Equal([T("faq.aktivitetsplan"), T("checkin.ask", ("title", "Lage en CV"))], replies);
    }

    [Fact]
    public async Task A_personal_question_goes_to_the_veileder_and_the_person_is_told_when_to_expect_an_answer()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await app.SayAsync("kari", "hei", from: "demo-kari");
        await app.SayAsync("kari", "nei", from: "demo-kari");

        var replies = await app.SayAsync("kari", "hvorfor har jeg ikke fått pengene mine?", from: "demo-kari");

        Assert.Equal([T("question.sent", ("days", "3"))], replies);
        var enquiry = await app.WithDbAsync(d => d.Enquiries.SingleAsync());
        Assert.Equal((EnquiryKind.Question, "hvorfor har jeg ikke fått pengene mine?"), (enquiry.Kind, enquiry.Text));
    }

    [Fact]
    public async Task A_personal_question_from_a_stranger_reveals_nothing_and_is_offered_as_a_message_to_the_office()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        var replies = await app.SayAsync("stranger", "hvorfor har jeg ikke fått pengene mine?", from: "not-linked");

        Assert.Equal([T("stranger.intro"), T("stranger.offer.ask")], replies);
        Assert.Equal(0, await app.WithDbAsync(d => d.Enquiries.CountAsync()));
    }

    [Fact]
    public async Task An_answer_that_merely_mentions_a_topic_is_still_an_answer()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        foreach (var text in new[] { "hei", "ja", "ja", "ja", "ja" })
        {
            await app.SayAsync("kari", text, from: "demo-kari");
        }

        // "What do you want to do?" answered with something about meldekort: an activity, not a question.
        Assert.Equal([T("new.ask_when")], await app.SayAsync("kari", "sende meldekort", from: "demo-kari"));
    }
}
