using Dialogue.Cases.DirectLine;
using Dialogue.Cases.Journal;
using Dialogue.Framework.Prompts;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Conversations;
using Dialogue.Plan.Demo;
using Dialogue.Plan.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dialogue.Cases.Persistence;

/// <summary>Fills an empty database with <see cref="DemoData"/> (Development only). Does nothing when any office exists.</summary>
public static class DemoSeeder
{
    public static async Task<bool> SeedIfEmptyAsync(
        IDbContextFactory<DialogueDbContext> factory, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(clock);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);

        // The seed writes its own journal (a past conversation), not "created" entries for every demo row.
        JournalInterceptor.Suppress(db);
        if (await db.Offices.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var demo = DemoData.For(now);
        db.Offices.AddRange(demo.Offices);
        db.Veiledere.AddRange(demo.Veiledere);
        db.Persons.AddRange(demo.People.Select(p => p.Person));
        foreach (var activity in demo.Activities)
        {
            activity.UpdatedAt = now;
        }

        db.Activities.AddRange(demo.Activities);
        db.Appointments.AddRange(demo.Appointments);
        foreach (var channel in new[] { "test", "webchat", "emulator" })
        {
            db.ChannelLinks.AddRange(demo.People.Select(p => new ChannelLink
            {
                ChannelId = channel,
                AccountId = p.AccountId,
                PersonId = p.Person.Id,
                LinkedAt = now,
            }));
        }

        // Direct Line: a client with the secret (tokens/generate with user id "dl_demo-kari", ...) speaks as a demo person.
        db.ChannelLinks.AddRange(demo.People.Select(p => new ChannelLink
        {
            ChannelId = DirectLineChannel.Id,
            AccountId = DirectLineDemoAccount(p.AccountId),
            PersonId = p.Person.Id,
            LinkedAt = now,
        }));

        db.Journal.AddRange(PastCheckIn(demo.People.Single(p => p.AccountId == "demo-kari").Person, now));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await new JournalSealer(factory, NullLogger<JournalSealer>.Instance).SealPendingAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Kari's check-in by SMS a week before the seed, both sides, ending in a confirmed summary: so the case record
    /// (and <c>journal verify</c>) has something real on a fresh demo database.
    /// </summary>
    private static List<JournalEntry> PastCheckIn(Person kari, DateTimeOffset now)
    {
        var texts = TextCatalog.Bokmal;
        var phone = kari.Phones[0].Number.E164;
        var start = new DateTimeOffset(now.UtcDateTime.Date.AddDays(-7).AddHours(9), TimeSpan.Zero);
        var monday = DateOnly.FromDateTime(start.UtcDateTime).AddDays(((int)DayOfWeek.Monday - (int)start.DayOfWeek + 7) % 7 + 7);
        var title = "Lage en CV";
        var moved = new Dictionary<string, string> { ["title"] = title, ["date"] = NorwegianDates.Format(monday) };
        var recapLines = texts.Render("recap.line.moved", moved);
        var entries = new List<JournalEntry>();
        var minute = 0;

        void Say(string actor, string text) => entries.Add(JournalEntry.Create(kari.Id,
            actor == JournalActors.Person ? JournalKinds.MessageIn : JournalKinds.MessageOut, start.AddMinutes(minute++), actor, text,
            $"{{\"activityId\":\"demo-{entries.Count + 1}\"}}", KnownChannels.Sms, phone));

        Say(JournalActors.Person, "hei");
        Say(JournalActors.Bot, texts.Render("checkin.ask", new Dictionary<string, string> { ["title"] = title }));
        Say(JournalActors.Person, "ikke ennå");
        Say(JournalActors.Bot, texts.Render("checkin.not_yet") + " " + texts.Render("checkin.new_date_or_drop"));
        Say(JournalActors.Person, "ny dag");
        Say(JournalActors.Bot, texts.Render("checkin.ask_date"));
        Say(JournalActors.Person, "på mandag");
        Say(JournalActors.Bot, texts.Render("checkin.moved", moved));
        Say(JournalActors.Bot, texts.Render("recap.summary", new Dictionary<string, string> { ["lines"] = recapLines }) + "\n" + texts.Render("recap.confirm"));
        Say(JournalActors.Person, "ja");
        entries.Add(JournalEntry.Create(kari.Id, JournalKinds.Summary, start.AddMinutes(minute), JournalActors.Person, recapLines,
            $"{{\"summaryId\":\"demo-summary\",\"confirmed\":true}}", KnownChannels.Sms, phone));
        Say(JournalActors.Bot, texts.Render("recap.saved"));
        return entries;
    }

    /// <summary>The Direct Line user id linked to a demo account: <c>dl_demo-kari</c> for <c>demo-kari</c>.</summary>
    public static string DirectLineDemoAccount(string accountId) => "dl_" + accountId;
}
