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

    public static bool IsMessage(this ITurnContext turn) =>
        string.Equals(turn.Activity.Type, ActivityTypes.Message, StringComparison.Ordinal);
}
