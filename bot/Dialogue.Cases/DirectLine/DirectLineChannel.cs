using Dialogue.Framework.Protocol;

namespace Dialogue.Cases.DirectLine;

/// <summary>The Direct Line channel: its <c>channelId</c> and the bot's account in its conversations.</summary>
public static class DirectLineChannel
{
    public const string Id = "directline";

    /// <summary>The bot's account (<c>recipient</c> of what people send, <c>from</c> of the replies).</summary>
    public static ChannelAccount Bot() => new() { Id = "dialogue", Name = "Dialogue", Role = RoleTypes.Bot };

    public static bool Is(string? channelId) => string.Equals(channelId, Id, StringComparison.OrdinalIgnoreCase);
}
