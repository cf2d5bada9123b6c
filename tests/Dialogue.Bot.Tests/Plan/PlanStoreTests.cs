using Dialogue.Bot.Tests.Support;
using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dialogue.Bot.Tests.Plan;

/// <summary>Demo data in Development, who a turn is about, and plan changes committing together with the turn or not at all.</summary>
public sealed class PlanStoreTests
{
    /// <summary>Marks the person's first current activity done and adds one; "boom" makes the turn throw after that.</summary>
    private sealed class PlanTouchingBot : IBot
    {
        public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
        {
            var store = turn.Get<IPlanStore>();
            var person = await PersonResolver.ResolveAsync(turn, store, cancellationToken);
            turn.ConversationState["person"] = person?.FirstName;
            if (person is null)
            {
                return;
            }

            var activities = await store.ActivitiesAsync(person.Id, cancellationToken);
            var first = activities.First(a => a.Status == ActivityStatus.Gjennomfores);
            first.Status = ActivityStatus.Fullfort;
            first.LastChangedBy = ChangedBy.Bot;
            store.Add(new PlanActivity { Id = ActivityId.New(), PersonId = person.Id, Title = "Ny fra boten", NeedsVeilederReview = true });
            if (turn.Activity.Text == "boom")
            {
                throw new InvalidOperationException("after changing the plan");
            }

            turn.SendText("welcome.back", new Dictionary<string, string> { ["name"] = person.FirstName });
        }
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Development_starts_with_the_documented_demo_data(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db);

        Assert.Equal(2, await app.WithDbAsync(d => d.Offices.CountAsync()));
        Assert.Equal(3, await app.WithDbAsync(d => d.Veiledere.CountAsync(v => v.Role == StaffRole.Veileder)));
        Assert.Equal(2, await app.WithDbAsync(d => d.Veiledere.CountAsync(v => v.Role == StaffRole.TeamLead)));
        Assert.Equal(6, await app.WithDbAsync(d => d.Persons.CountAsync()));
        Assert.Equal(6, await app.WithDbAsync(d => d.PersonPhones.CountAsync()));
        Assert.Equal(12, await app.WithDbAsync(d => d.Activities.CountAsync()));
        Assert.Equal(5, await app.WithDbAsync(d => d.Appointments.CountAsync()));
    }

    [Theory]
    [SqliteData]
    [PostgresData]
    public async Task Plan_changes_commit_with_the_turn_and_vanish_when_the_turn_fails(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var app = new DialogueApp(db, s => s.AddSingleton<IBot>(new PlanTouchingBot()));
        var before = await KarisActivitiesAsync(app);

        var failed = await app.PostAsync(Activities.Message("plan", "boom", from: "demo-kari"));
        Assert.Equal(TextCatalog.Bokmal.Render("error.general"), Assert.Single(failed.Replies).Text);
        Assert.Equal(before, await KarisActivitiesAsync(app));

        await app.PostAsync(Activities.Message("plan", "ok", from: "demo-kari"));
        var after = await KarisActivitiesAsync(app);
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Contains(("Søke på to jobber", ActivityStatus.Fullfort), after);
        Assert.Contains(("Ny fra boten", ActivityStatus.Planlagt), after);
    }

    [Theory]
    [InlineData("sms", "99990001", "Kari")]
    [InlineData("sms", "+47 999 90 002", "Ola")]
    [InlineData("sms", "+4791234567", null)]
    [InlineData("test", "demo-siri", "Siri")]
    [InlineData("webchat", "demo-ahmed", "Ahmed")]
    [InlineData("test", "someone-else", null)]
    [InlineData("directline", "demo-kari", null)]
    public async Task A_turn_is_about_the_person_whose_number_or_linked_account_it_comes_from(string channel, string from, string? expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, s => s.AddSingleton<IBot>(new PlanTouchingBot()));

        await app.PostAsync(Activities.Message("who", "ok", from: from, channelId: channel));

        Assert.Equal(expected, (string?)(await app.ConversationStateAsync(channel, "who"))["person"]);
    }

    [Fact]
    public async Task A_number_registered_on_two_cases_reveals_neither()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var app = new DialogueApp(db, s => s.AddSingleton<IBot>(new PlanTouchingBot()));
        await app.WithDbAsync(async d =>
        {
            var ola = await d.Persons.SingleAsync(p => p.FirstName == "Ola");
            d.PersonPhones.Add(new PersonPhone { PersonId = ola.Id, Number = PhoneNumber.Parse("+4799990001") });
            return await d.SaveChangesAsync();
        });

        await app.PostAsync(Activities.Message("shared", "ok", from: "+4799990001", channelId: "sms"));

        Assert.Null((string?)(await app.ConversationStateAsync("sms", "shared"))["person"]);
    }

    private static Task<List<(string Title, ActivityStatus Status)>> KarisActivitiesAsync(DialogueApp app) =>
        app.WithDbAsync(async d =>
        {
            var kari = await d.Persons.SingleAsync(p => p.FirstName == "Kari");
            var rows = await d.Activities.Where(a => a.PersonId == kari.Id).ToListAsync();
            return rows.Select(a => (a.Title, a.Status)).OrderBy(x => x.Title, StringComparer.Ordinal).ToList();
        });
}
