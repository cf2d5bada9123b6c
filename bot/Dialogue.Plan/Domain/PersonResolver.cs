using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;

namespace Dialogue.Plan.Domain;

/// <summary>
/// Who a turn is about. SMS: the sender's number, but only if it belongs to exactly one case (a shared phone must
/// never reveal one person's case to another). Other channels: an account linked to a case.
/// Null means unknown: general help only, no case data.
/// </summary>
public static class PersonResolver
{
    private const string ResolvedKey = "plan.person";

    /// <summary>Resolves the person once per turn (the safety screen and the dialogs both ask); later calls reuse the answer.</summary>
    public static async Task<Person?> ResolveAsync(ITurnContext turn, IPlanStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(store);
        if (turn.TurnValues.TryGetValue(ResolvedKey, out var cached))
        {
            return cached as Person;
        }

        var person = await ResolveOnceAsync(turn, store, cancellationToken).ConfigureAwait(false);
        turn.TurnValues[ResolvedKey] = person ?? (object)NotFound.Instance;
        return person;
    }

    private static async Task<Person?> ResolveOnceAsync(ITurnContext turn, IPlanStore store, CancellationToken cancellationToken)
    {
        var account = turn.Activity.From?.Id;
        if (string.IsNullOrWhiteSpace(account))
        {
            return null;
        }

        if (string.Equals(turn.Conversation.ChannelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase))
        {
            return PhoneNumber.TryParse(account, out var number)
                && await store.FindByPhoneAsync(number, cancellationToken).ConfigureAwait(false) is [var only]
                ? only
                : null;
        }

        return await store.FindLinkedPersonAsync(turn.Conversation.ChannelId, account, cancellationToken).ConfigureAwait(false) is { } id
            ? await store.FindPersonAsync(id, cancellationToken).ConfigureAwait(false)
            : null;
    }

    private sealed class NotFound
    {
        public static readonly NotFound Instance = new();
    }
}
