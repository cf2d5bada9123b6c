using Dialogue.Cases.Persistence;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Safety;

/// <summary>
/// The history (<see cref="EscalationEvent"/> rows, oldest first) of several escalations at once, for the inbox's
/// cards. Only escalations of the actor's own office are read; other ids are left out, never confirmed to exist.
/// </summary>
public sealed class EscalationHistory(IDbContextFactory<DialogueDbContext> dbFactory)
{
    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<EscalationEvent>>> ForAsync(
        StaffActor actor, IReadOnlyCollection<Guid> escalationIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(escalationIds);
        if (escalationIds.Count == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<EscalationEvent>>();
        }

        var ids = escalationIds.Select(i => new EscalationId(i)).Distinct().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var events = await db.EscalationEvents.AsNoTracking()
            .Where(v => ids.Contains(v.EscalationId))
            .Join(db.Escalations.Where(e => e.OfficeId == actor.Office), v => v.EscalationId, e => e.Id, (v, _) => v)
            .OrderBy(v => v.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return events.GroupBy(v => v.EscalationId.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<EscalationEvent>)g.ToList());
    }
}
