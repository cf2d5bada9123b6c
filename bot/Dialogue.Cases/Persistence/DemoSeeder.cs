using Dialogue.Cases.DirectLine;
using Dialogue.Plan.Demo;
using Microsoft.EntityFrameworkCore;

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

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The Direct Line user id linked to a demo account: <c>dl_demo-kari</c> for <c>demo-kari</c>.</summary>
    public static string DirectLineDemoAccount(string accountId) => "dl_" + accountId;
}
