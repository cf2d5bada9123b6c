using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Bot.Tests.Plan;

/// <summary>
/// The activity-plan conversation through /api/messages as the seeded demo user Kari (account "demo-kari"), on a
/// Wednesday (18 November 2026, 13:15 in Oslo). Kari's current activities: "Lage en CV" (due tomorrow) and
/// "Søke på to jobber" (due Saturday).
/// </summary>
public sealed class PlanConversationTests
{
    private static readonly TextCatalog Texts = TextCatalog.Bokmal;

    private static string T(TextId id, params (string Name, string Value)[] args) =>
        Texts.Render(id, args.ToDictionary(a => a.Name, a => a.Value));

    private static Task<List<string>> Kari(DialogueApp app, string text) => app.SayAsync("kari", text, from: "demo-kari");

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Kari_checks_in_moves_an_activity_adds_one_and_confirms_the_summary(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        Assert.Equal([T("welcome.intro", ("name", "Kari")), T("welcome.privacy", ("veileder", "Marte")), T("welcome.ask_time")],
            await Kari(app, "hei"));
        Assert.Equal([T("checkin.ask", ("title", "Lage en CV"))], await Kari(app, "ja"));
        Assert.Equal([T("checkin.done", ("title", "Lage en CV")), T("checkin.ask", ("title", "Søke på to jobber"))],
            await Kari(app, "ja"));
        Assert.Equal([T("checkin.not_yet"), T("checkin.new_date_or_drop")], await Kari(app, "ikke ennå"));
        Assert.Equal([T("checkin.ask_date")], await Kari(app, "ny dag"));
        Assert.Equal([T("checkin.moved", ("title", "Søke på to jobber"), ("date", "fredag 20. november")), T("new.ask")],
            await Kari(app, "på fredag"));
        Assert.Equal([T("new.ask_what")], await Kari(app, "ja"));
        Assert.Equal([T("new.ask_when")], await Kari(app, "ringe tannlegen"));
        Assert.Equal([T("new.ask_helper")], await Kari(app, "i morgen"));

        var lines = string.Join("\n",
            T("recap.line.done", ("title", "Lage en CV")),
            T("recap.line.moved", ("title", "Søke på to jobber"), ("date", "fredag 20. november")),
            T("recap.line.new", ("title", "ringe tannlegen"), ("date", "torsdag 19. november")));
        Assert.Equal([T("new.saved"), T("recap.summary", ("lines", lines)), T("recap.confirm")], await Kari(app, "nei"));
        Assert.Equal([T("recap.saved")], await Kari(app, "ja"));

        var plan = await app.WithDbAsync(async d =>
        {
            var kari = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            return await d.Activities.Where(a => a.PersonId == kari.Id).ToListAsync();
        });
        var cv = plan.Single(a => a.Title == "Lage en CV");
        Assert.Equal((ActivityStatus.Fullfort, ChangedBy.Bot), (cv.Status, cv.LastChangedBy));
        var search = plan.Single(a => a.Title == "Søke på to jobber");
        Assert.Equal(new DateOnly(2026, 11, 20), search.ToDate);
        Assert.Equal(ActivityStatus.Gjennomfores, search.Status);
        var dentist = plan.Single(a => a.Title == "ringe tannlegen");
        Assert.Equal((new DateOnly(2026, 11, 19), ActivityStatus.Forslag, false, true, (string?)null),
            (dentist.ToDate!.Value, dentist.Status, dentist.Agreed, dentist.NeedsVeilederReview, dentist.Helper));

        var summary = await app.WithDbAsync(d => d.Summaries.SingleAsync());
        Assert.True(summary.Confirmed);
        Assert.Equal(lines, summary.Text);
    }

    [Fact]
    public async Task Needing_help_creates_an_enquiry_for_the_veileder_tied_to_the_activity()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");

        Assert.Equal([T("checkin.help_sent"), T("checkin.ask", ("title", "Søke på to jobber"))], await Kari(app, "trenger hjelp"));

        var enquiry = await app.WithDbAsync(d => d.Enquiries.SingleAsync());
        var cv = await app.WithDbAsync(d => d.Activities.SingleAsync(a => a.Title == "Lage en CV"));
        Assert.Equal((EnquiryKind.HelpWithActivity, cv.Id, "0219"), (enquiry.Kind, enquiry.ActivityId!.Value, enquiry.OfficeId.Value));
    }

    [Fact]
    public async Task Dropping_an_activity_and_correcting_the_recap_saves_an_unconfirmed_summary()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");
        await Kari(app, "ikke ennå");
        Assert.Equal([T("checkin.dropped"), T("checkin.ask", ("title", "Søke på to jobber"))], await Kari(app, "ta den bort"));
        await Kari(app, "ja");
        Assert.Equal(T("recap.confirm"), (await Kari(app, "nei"))[^1]);

        Assert.Equal([T("recap.ask_correction")], await Kari(app, "nei"));
        Assert.Equal([T("recap.saved_unconfirmed")], await Kari(app, "jeg har ikke søkt på noe"));

        var summary = await app.WithDbAsync(d => d.Summaries.SingleAsync());
        Assert.False(summary.Confirmed);
        Assert.Equal("jeg har ikke søkt på noe", summary.Correction);
        Assert.Equal(ActivityStatus.Avbrutt, (await app.WithDbAsync(d => d.Activities.SingleAsync(a => a.Title == "Lage en CV"))).Status);
    }

    [Fact]
    public async Task No_time_now_is_fine_and_the_next_visit_says_hello_again_without_the_privacy_text()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");

        Assert.Equal([T("welcome.later")], await Kari(app, "nei"));
        Assert.Equal([T("welcome.back", ("name", "Kari")), T("welcome.ask_time")], await Kari(app, "hei igjen"));
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_the_check_in_changes_nothing_more()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");

        Assert.Equal([T("interrupt.stopped")], await Kari(app, "STOPP"));

        Assert.Equal(0, await app.WithDbAsync(d => d.Summaries.CountAsync()));
        Assert.Equal(0, await app.WithDbAsync(d => d.Activities.CountAsync(a => a.LastChangedBy == ChangedBy.Bot)));
    }

    [Fact]
    public async Task An_account_not_linked_to_a_case_gets_no_case_data()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);

        var replies = await app.SayAsync("stranger", "hei", from: "not-linked");

        Assert.Equal([T("stranger.intro"), T("stranger.menu.ask")], replies);
    }

    [Fact]
    public async Task A_new_activity_can_name_who_helps()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        foreach (var text in new[] { "hei", "ja", "ja", "ja", "ja", "gå på biblioteket", "på lørdag" })
        {
            await Kari(app, text);
        }

        await Kari(app, "søstera mi");

        var added = await app.WithDbAsync(d => d.Activities.SingleAsync(a => a.Title == "gå på biblioteket"));
        Assert.Equal(("søstera mi", new DateOnly(2026, 11, 21)), (added.Helper, added.ToDate!.Value));
    }

    [Fact]
    public async Task Ola_confirms_his_meeting_gets_a_small_step_for_his_goal_and_gives_his_dagsform()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        Task<List<string>> Ola(string text) => app.SayAsync("ola", text, from: "demo-ola");

        await Ola("hei");
        var meeting = await Ola("ja");
        Assert.Equal(
            [T("appointment.ask", ("veileder", "Marte"), ("date", "torsdag 19. november"), ("time", "13:30"), ("place", "NAV Bærum, Kinoveien 1"))],
            meeting);
        Assert.Equal([T("appointment.new_time"), T("checkin.ask", ("title", "Møte på LAR-klinikken"))], await Ola("3"));
        await Ola("ja");
        await Ola("ja");
        Assert.Equal([T("goal.small_step"), T("goal.add_step")], await Ola("vet ikke"));
        Assert.Equal([T("new.saved"), T("mood.ask")], await Ola("ja"));
        Assert.Equal([T("prompt.retry.mood"), T("mood.ask")], await Ola("9"));
        Assert.Equal([T("mood.thanks"), T("new.ask")], await Ola("sånn passe"));

        var (attendance, enquiries, walk, mood, requested) = await app.WithDbAsync(async d =>
        {
            var ola = await d.Persons.SingleAsync(p => p.FirstName == "Ola");
            return (
                (await d.Appointments.SingleAsync(a => a.PersonId == ola.Id)).Attendance,
                await d.Enquiries.Where(e => e.PersonId == ola.Id).Select(e => e.Kind).ToListAsync(),
                await d.Activities.SingleAsync(a => a.PersonId == ola.Id && a.Title == "Gå en tur"),
                await d.Moods.SingleAsync(m => m.PersonId == ola.Id),
                ola.RequestedQuestions);
        });
        Assert.Equal(Attendance.NeedsNewTime, attendance);
        Assert.Equal([EnquiryKind.NewAppointmentTime], enquiries);
        Assert.Equal(new DateOnly(2026, 11, 19), walk.ToDate);
        Assert.Equal((3, "sånn passe"), (mood.Score, mood.Word));
        Assert.Equal(RequestedQuestions.None, requested);
    }

    [Fact]
    public async Task Life_situation_questions_can_each_be_skipped()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        Task<List<string>> Tor(string text) => app.SayAsync("tor", text, from: "demo-tor");

        await Tor("hei");
        Assert.StartsWith("Du har møte med Amina", (await Tor("ja"))[0], StringComparison.Ordinal);
        Assert.Equal([T("appointment.coming"), T("goal.ask")], await Tor("ja")); // nothing current to check in on
        Assert.Equal([T("goal.saved"), T("mood.ask")], await Tor("Få en leilighet"));
        Assert.Equal([T("mood.thanks"), T("life.intro"), T("life.housing")], await Tor("4"));
        Assert.Equal([T("life.money")], await Tor("bor hos en kompis"));
        Assert.Equal([T("life.health")], await Tor("hopp over"));
        Assert.Equal([T("life.substances")], await Tor("sånn passe"));
        Assert.Equal([T("life.network")], await Tor("HOPP OVER"));
        Assert.Equal([T("life.routine")], await Tor("nei"));
        Assert.Equal([T("life.thanks"), T("new.ask")], await Tor("sover lenge"));

        var answers = await app.WithDbAsync(d => d.LifeSituation.OrderBy(a => a.Topic).ToListAsync());
        Assert.Equal(6, answers.Count);
        Assert.Equal("bor hos en kompis", answers.Single(a => a.Topic == LifeTopic.Housing).Answer);
        Assert.Null(answers.Single(a => a.Topic == LifeTopic.Money).Answer);
        Assert.Null(answers.Single(a => a.Topic == LifeTopic.Substances).Answer);
        Assert.Equal("nei", answers.Single(a => a.Topic == LifeTopic.Network).Answer);
    }

    [Fact]
    public async Task A_conversation_left_unanswered_expires_quietly_and_the_next_contact_says_so_in_one_line()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");

        app.Clock.Now += TimeSpan.FromHours(25);
        var replies = await Kari(app, "hei");

        Assert.Equal([T("dialog.expired"), T("welcome.back", ("name", "Kari")), T("welcome.ask_time")], replies);
    }

    [Fact]
    public async Task An_answer_that_does_not_fit_the_check_in_is_asked_again_with_the_same_question()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");

        Assert.Equal([T("prompt.retry.choice"), T("checkin.ask", ("title", "Lage en CV"))], await Kari(app, "banan"));
        Assert.Equal([T("checkin.done", ("title", "Lage en CV")), T("checkin.ask", ("title", "Søke på to jobber"))], await Kari(app, "1"));
    }

    [Theory]
    [InlineData("HJELP", "interrupt.help")]
    [InlineData("hjlep", "interrupt.help")]
    public async Task Help_in_the_middle_keeps_the_check_in_where_it_was(string text, string reply)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        await Kari(app, "hei");
        await Kari(app, "ja");

        Assert.Equal([T(reply), T("checkin.ask", ("title", "Lage en CV"))], await Kari(app, text));
        Assert.Equal(T("checkin.done", ("title", "Lage en CV")), (await Kari(app, "ja"))[0]);
    }

    [Theory]
    [InlineData("nytt mål")]
    [InlineData("Endre målet mitt")]
    [InlineData("maal")]
    public async Task Asking_for_the_goal_shows_it_and_takes_a_new_one_in_the_persons_words(string ask)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db);
        Assert.Equal(T("welcome.intro", ("name", "Kari")), (await Kari(app, ask))[0]); // first contact: the welcome comes first
        await Kari(app, "nei");

        Assert.Equal([T("goal.ask_update", ("goal", "Få fast jobb i butikk"))], await Kari(app, ask));
        Assert.Equal([T("goal.saved")], await Kari(app, "jobbe i en barnehage"));

        Assert.Equal("jobbe i en barnehage", (await app.WithDbAsync(d => d.Persons.SingleAsync(p => p.FirstName == "Kari"))).Goal);
    }
}
