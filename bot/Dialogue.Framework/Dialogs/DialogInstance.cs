using System.Text.Json.Nodes;

namespace Dialogue.Framework.Dialogs;

/// <summary>One entry of the dialog stack, a view over its JSON in conversation state.</summary>
public sealed class DialogInstance
{
    private const string IdProperty = "id";
    private const string VersionProperty = "version";
    private const string StateProperty = "state";

    internal DialogInstance(JsonObject node) => Node = node;

    internal JsonObject Node { get; }

    public string Id => (string?)Node[IdProperty] ?? string.Empty;

    public int Version => Node[VersionProperty] is JsonValue v && v.TryGetValue<int>(out var version) ? version : 0;

    /// <summary>The dialog's own state; mutate in place.</summary>
    public JsonObject State
    {
        get
        {
            if (Node[StateProperty] is JsonObject state)
            {
                return state;
            }

            state = [];
            Node[StateProperty] = state;
            return state;
        }
    }

    internal static DialogInstance Create(Dialog dialog) => new(new JsonObject
    {
        [IdProperty] = dialog.Id,
        [VersionProperty] = dialog.Version,
        [StateProperty] = new JsonObject(),
    });
}
