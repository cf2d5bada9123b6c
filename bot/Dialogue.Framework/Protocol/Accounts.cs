using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Framework.Protocol;

/// <summary>A user or bot identity within a channel.</summary>
public sealed class ChannelAccount
{
    /// <summary>The address within the channel (a phone number, a Direct Line user id, ...). Compared ordinally.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The account's Entra ID (Azure AD) object id, when the channel knows it.</summary>
    [JsonPropertyName("aadObjectId")]
    public string? AadObjectId { get; set; }

    /// <summary><c>user</c>, <c>bot</c> or <c>skill</c>; see <see cref="RoleTypes"/>.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A copy with every field, unknown ones included.</summary>
    public ChannelAccount Clone() => new()
    {
        Id = Id,
        Name = Name,
        AadObjectId = AadObjectId,
        Role = Role,
        Properties = Properties is null ? null : new Dictionary<string, JsonElement>(Properties),
    };
}

/// <summary>The identity of a conversation within a channel.</summary>
public sealed class ConversationAccount
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>True when more than two participants can send and receive in the conversation.</summary>
    [JsonPropertyName("isGroup")]
    public bool? IsGroup { get; set; }

    /// <summary>Channel-defined kind of conversation (e.g. <c>personal</c>, <c>channel</c>).</summary>
    [JsonPropertyName("conversationType")]
    public string? ConversationType { get; set; }

    [JsonPropertyName("tenantId")]
    public string? TenantId { get; set; }

    [JsonPropertyName("aadObjectId")]
    public string? AadObjectId { get; set; }

    [JsonPropertyName("role")]
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>A copy with every field, unknown ones included.</summary>
    public ConversationAccount Clone() => new()
    {
        Id = Id,
        Name = Name,
        IsGroup = IsGroup,
        ConversationType = ConversationType,
        TenantId = TenantId,
        AadObjectId = AadObjectId,
        Role = Role,
        Properties = Properties is null ? null : new Dictionary<string, JsonElement>(Properties),
    };
}

/// <summary>A pointer into a conversation (and optionally one activity in it), e.g. to continue it later.</summary>
public sealed class ConversationReference
{
    [JsonPropertyName("activityId")]
    public string? ActivityId { get; set; }

    [JsonPropertyName("user")]
    public ChannelAccount? User { get; set; }

    [JsonPropertyName("bot")]
    public ChannelAccount? Bot { get; set; }

    [JsonPropertyName("conversation")]
    public ConversationAccount? Conversation { get; set; }

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    [JsonPropertyName("locale")]
    public string? Locale { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
