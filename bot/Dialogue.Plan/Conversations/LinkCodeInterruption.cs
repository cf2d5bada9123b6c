using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// A link code typed anywhere by someone not linked to a case, on any channel but SMS (there the phone number links).
/// A known person's digits are an answer to the current question and are left alone.
/// </summary>
public sealed class LinkCodeInterruption : IInterruption
{
    public async Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var turn = dc.Turn;
        if (!LinkCodeAttempt.Offered(turn)
            || !LinkCodes.TryRead(turn.Activity.Text, out var code)
            || await PersonResolver.ResolveAsync(turn, turn.Get<IPlanStore>(), cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await LinkCodeAttempt.TryAsync(dc, code, cancellationToken).ConfigureAwait(false);
        return true;
    }
}

internal enum LinkOutcome
{
    Linked,
    Wrong,
    Locked,
}

/// <summary>
/// One try at a link code, with a brute-force guard: after five wrong codes within an hour, in one conversation or
/// from one account, no code is tried for an hour. Wrong, expired, used and revoked codes get the same answer.
/// </summary>
internal static class LinkCodeAttempt
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan Lockout = TimeSpan.FromHours(1);

    private const string Property = "linkCodeGuard";
    private const string FailuresKey = "failures";
    private const string LockedUntilKey = "lockedUntil";

    /// <summary>Codes are for chats without a phone number: never on SMS, and only with an account id.</summary>
    public static bool Offered(ITurnContext turn) =>
        KnownChannels.SupportsSuggestedActions(turn.Conversation.ChannelId) && !string.IsNullOrWhiteSpace(turn.Activity.From?.Id);

    public static bool IsLocked(ITurnContext turn) =>
        IsLocked(turn.ConversationState, turn.Clock.GetUtcNow()) || IsLocked(turn.UserState, turn.Clock.GetUtcNow());

    public static async Task<LinkOutcome> TryAsync(DialogContext dc, string code, CancellationToken ct)
    {
        var turn = dc.Turn;
        if (IsLocked(turn))
        {
            Refuse(dc);
            return LinkOutcome.Locked;
        }

        var person = await LinkCodes.RedeemAsync(
            turn.Get<ILinkCodeStore>(), code, turn.Conversation.ChannelId, turn.Activity.From!.Id!, turn.Clock, ct).ConfigureAwait(false);
        if (person is null)
        {
            var now = turn.Clock.GetUtcNow();
            var locked = RecordFailure(turn.ConversationState, now) | RecordFailure(turn.UserState, now);
            if (locked)
            {
                Refuse(dc);
                return LinkOutcome.Locked;
            }

            turn.SendText("link.wrong");
            await dc.RepromptDialogAsync(ct).ConfigureAwait(false);
            return LinkOutcome.Wrong;
        }

        turn.ConversationState.Remove(Property);
        turn.UserState.Remove(Property);
        turn.SendText("link.done");

        // The link is committed with this turn; from the next turn on PersonResolver finds it. The plan conversation
        // starts now, for the person the code named, and greets them by first name.
        dc.CancelAllDialogs();
        await dc.BeginDialogAsync(PlanConversation.PlanId, new JsonObject { [ConversationSupport.PersonKey] = person.Value.Value }, ct)
            .ConfigureAwait(false);
        return LinkOutcome.Linked;
    }

    private static void Refuse(DialogContext dc)
    {
        dc.CancelAllDialogs();
        dc.Turn.SendText("link.locked");
    }

    private static bool IsLocked(JsonObject state, DateTimeOffset now) =>
        state[Property]?[LockedUntilKey] is JsonValue until && until.TryGetValue<DateTimeOffset>(out var at) && now < at;

    /// <summary>Counts a wrong code; true when this one locks further tries.</summary>
    private static bool RecordFailure(JsonObject state, DateTimeOffset now)
    {
        if (state[Property] is not JsonObject guard)
        {
            guard = [];
            state[Property] = guard;
        }

        var recent = (guard[FailuresKey] as JsonArray ?? [])
            .Select(n => n is JsonValue v && v.TryGetValue<DateTimeOffset>(out var at) ? at : DateTimeOffset.MinValue)
            .Where(at => now - at < Window)
            .Append(now)
            .ToList();
        guard[FailuresKey] = new JsonArray([.. recent.Select(at => (JsonNode)JsonValue.Create(at))]);
        if (recent.Count < MaxFailures)
        {
            return false;
        }

        guard[LockedUntilKey] = now + Lockout;
        guard[FailuresKey] = new JsonArray();
        return true;
    }
}
