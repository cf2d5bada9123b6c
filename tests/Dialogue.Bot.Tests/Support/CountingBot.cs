using System.Text.Json.Nodes;
using Dialogue.Framework.Turns;

namespace Dialogue.Bot.Tests.Support;

/// <summary>
/// A bot that counts its turns in conversation state and records every activity id it processed; it yields in the
/// middle of the turn so concurrent turns would interleave if the host let them.
/// </summary>
public sealed class CountingBot : IBot
{
    /// <summary>The text it answers every turn with.</summary>
    public const string Reply = "interrupt.help";

    private int _turns;

    public int Turns => _turns;

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _turns);
        var count = (int?)turn.ConversationState["count"] ?? 0;
        await Task.Delay(Random.Shared.Next(1, 10), cancellationToken);
        turn.ConversationState["count"] = count + 1;
        if (turn.ConversationState["seen"] is not JsonArray seen)
        {
            seen = [];
            turn.ConversationState["seen"] = seen;
        }

        seen.Add(turn.Activity.Id);
        turn.SendText(Reply);
    }
}

/// <summary>A bot that always throws, to prove a failing turn is answered and recorded.</summary>
public sealed class ThrowingBot : IBot
{
    public Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        turn.ConversationState["touched"] = true;
        throw new InvalidOperationException("The bot broke.");
    }
}
