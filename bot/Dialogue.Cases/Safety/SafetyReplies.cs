using System.Text.Json;
using Dialogue.Framework.Protocol;

namespace Dialogue.Cases.Safety;

/// <summary>
/// Marks the bot's safety replies (the emergency numbers) so channels deliver them even where they would otherwise stay
/// silent: a number that sent STOPP still gets 113 when it writes that it is in danger.
/// </summary>
public static class SafetyReplies
{
    public const string Property = "dialogueSafety";

    public static void Mark(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        reply.Properties ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        reply.Properties[Property] = JsonSerializer.SerializeToElement(true);
    }

    public static bool IsMarked(Activity? activity) =>
        activity?.Properties is { } properties
        && properties.TryGetValue(Property, out var value)
        && value.ValueKind == JsonValueKind.True;
}
