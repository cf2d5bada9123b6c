namespace Dialogue.Framework.Turns;

/// <summary>Identifies one conversation on one channel: the unit that turns are serialized on.</summary>
public readonly record struct ConversationKey(string ChannelId, string ConversationId)
{
    public override string ToString() => $"{ChannelId}/{ConversationId}";

    public string StateKey => $"conversation/{ChannelId}/{ConversationId}";
}

/// <summary>Identifies one user on one channel.</summary>
public readonly record struct UserKey(string ChannelId, string UserId)
{
    public override string ToString() => $"{ChannelId}/{UserId}";

    public string StateKey => $"user/{ChannelId}/{UserId}";
}
