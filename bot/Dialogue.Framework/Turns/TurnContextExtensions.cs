using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Turns;

public static class TurnContextExtensions
{
    /// <summary>Queues a catalog text as a plain message.</summary>
    public static Activity SendText(this ITurnContext turn, TextId id, IReadOnlyDictionary<string, string>? args = null)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Text = turn.Texts.Render(id, args),
            TextFormat = TextFormatTypes.Plain,
            InputHint = InputHints.AcceptingInput,
        };
        turn.Send(reply);
        return reply;
    }

    /// <summary>Queues any activity (an event, a card) and returns it.</summary>
    public static Activity SendActivity(this ITurnContext turn, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.Send(activity);
        return activity;
    }

    /// <summary>Makes a turn-scoped service (e.g. a store bound to this turn's transaction) available to the bot.</summary>
    public static void Provide<T>(this ITurnContext turn, T service)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(turn);
        turn.TurnValues[typeof(T).FullName!] = service;
    }

    /// <summary>A turn-scoped service provided by the host for this turn.</summary>
    public static T Get<T>(this ITurnContext turn)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(turn);
        return turn.TurnValues.TryGetValue(typeof(T).FullName!, out var service)
            ? (T)service
            : throw new InvalidOperationException($"This turn has no {typeof(T).Name}; the host provides it.");
    }

    public static bool IsMessage(this ITurnContext turn) =>
        string.Equals(turn.Activity.Type, ActivityTypes.Message, StringComparison.Ordinal);
}
