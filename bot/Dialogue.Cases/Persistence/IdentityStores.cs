using Dialogue.Cases.Messaging;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Persistence;

/// <summary><see cref="ILinkCodeStore"/> over a turn's (or a command's) own context: nothing is saved here.</summary>
internal sealed class EfLinkCodeStore(DialogueDbContext db) : ILinkCodeStore
{
    public async Task<IReadOnlyList<LinkCode>> OpenCodesAsync(CancellationToken cancellationToken) =>
        // Expiry is checked by the caller: SQLite cannot compare stored DateTimeOffset values in SQL. Each person has
        // at most one open code (a new one revokes the old), so this list stays small.
        await db.LinkCodes.Where(c => c.UsedAt == null && c.RevokedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);

    public void Add(LinkCode code) => db.LinkCodes.Add(code);

    public void Link(string channelId, string accountId, PersonId person, DateTimeOffset at) =>
        db.ChannelLinks.Add(new ChannelLink { ChannelId = channelId, AccountId = accountId, PersonId = person, LinkedAt = at });
}

/// <summary>
/// <see cref="IOfficeInbox"/> over the turn's own context. The receiving office is <c>Offices:Reception</c> when set
/// (and it exists), else the only office; otherwise the message waits unassigned and a warning says why.
/// </summary>
internal sealed partial class EfOfficeInbox(DialogueDbContext db, OfficeId? reception, ILogger logger) : IOfficeInbox
{
    public async Task<OfficeId?> ReceptionOfficeAsync(CancellationToken cancellationToken)
    {
        if (reception is { } configured)
        {
            if (await db.Offices.AnyAsync(o => o.Id == configured, cancellationToken).ConfigureAwait(false))
            {
                return configured;
            }

            LogReceptionMissing(logger, configured.Value);
            return null;
        }

        var offices = await db.Offices.Select(o => o.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (offices is [var only])
        {
            return only;
        }

        LogNoReception(logger, offices.Count);
        return null;
    }

    public void Add(OfficeMessage message) => db.OfficeMessages.Add(message);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "Offices:Reception names office {OfficeId}, which does not exist; a message from someone not linked to a case is stored unassigned")]
    private static partial void LogReceptionMissing(ILogger logger, string officeId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Offices:Reception is not set and there are {Count} offices, not one; a message from someone not linked to a case is stored unassigned")]
    private static partial void LogNoReception(ILogger logger, int count);
}

/// <summary>Gives every turn the office inbox and the link codes, on the turn's own context.</summary>
public sealed class IdentityTurnServices(OfficeId? reception, ILogger<IdentityTurnServices> logger) : ITurnServices
{
    public void Provide(ITurnContext turn, DialogueDbContext db)
    {
        turn.Provide<IOfficeInbox>(new EfOfficeInbox(db, reception, logger));
        turn.Provide<ILinkCodeStore>(new EfLinkCodeStore(db));
    }
}

/// <summary>Issues link codes outside a turn (the <c>link-code</c> command; later the staff workspace).</summary>
public static class LinkCodeIssuer
{
    /// <summary>A new code for the person, replacing any earlier one; null when there is no such person.</summary>
    public static async Task<IssuedLinkCode?> IssueAsync(
        IDbContextFactory<DialogueDbContext> factory, PersonId person, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (!await db.Persons.AnyAsync(p => p.Id == person, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var issued = await LinkCodes.IssueAsync(new EfLinkCodeStore(db), person, clock, cancellationToken).ConfigureAwait(false);
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return issued;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The old code was used or replaced meanwhile; issue again on fresh data.
            }
        }
    }
}
