using Dialogue.Cases.Persistence;
using Dialogue.Framework.Turns;
using Dialogue.Safety.Escalation;
using Microsoft.EntityFrameworkCore;

namespace Dialogue.Cases.Safety;

/// <summary>The veileder's takeover of this turn's conversation, if there is one (looked up once per turn).</summary>
public sealed class HandoffLookup(DialogueDbContext db)
{
    private bool _looked;
    private Handoff? _active;

    public async Task<Handoff?> ActiveAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!_looked)
        {
            var key = turn.Conversation;
            _active = await TurnQueries.ActiveHandoffAsync(db, key.ChannelId, key.ConversationId, cancellationToken).ConfigureAwait(false);
            _looked = true;
        }

        return _active;
    }
}

/// <summary>
/// While a veileder has taken over a conversation the bot steps aside: the person's messages are stored as always
/// (the inbox is the transcript) and reach the veileder live; the bot says nothing and its dialogs wait. Screening has
/// already run (it comes first), so an acute message still gets the emergency numbers and is highlighted.
/// </summary>
public sealed class HandoffMiddleware : ITurnMiddleware
{
    public int Order => MiddlewareOrder.Handoff;

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var proactive = Dialogue.Plan.Scheduling.PlanEvents.IsProactiveStart(turn.Activity.Type, turn.Activity.Name);
        if ((!turn.IsMessage() && !proactive)
            || await turn.Get<HandoffLookup>().ActiveAsync(turn, cancellationToken).ConfigureAwait(false) is not { } handoff)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (proactive)
        {
            // A scheduled check-in while a veileder is writing with the person: the bot stays quiet.
            return;
        }

        turn.Get<PendingStaffEvents>().Add(new StaffEvent(
            StaffEventTypes.HandoffMessage, handoff.OfficeId, turn.Clock.GetUtcNow(), handoff.EscalationId?.Value, handoff.Id));
    }
}
