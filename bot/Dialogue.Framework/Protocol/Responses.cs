using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Framework.Protocol;

/// <summary>The answer to an activity sent with <c>deliveryMode: expectReplies</c>: <c>{"activities": [...]}</c>.</summary>
public sealed class ExpectedReplies
{
    private List<Activity> _activities = [];

    /// <summary>The replies, in order. Never null: <c>"activities": null</c> reads as an empty list.</summary>
    [JsonPropertyName("activities")]
    public List<Activity> Activities
    {
        get => _activities;
        set => _activities = value ?? [];
    }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>What the Connector answers when an activity was sent or updated: the activity's id.</summary>
public sealed class ResourceResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>An error body in the Bot Framework shape: <c>{"error": {"code": "...", "message": "..."}}</c>.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("error")]
    public ErrorDetail? Error { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The <c>error</c> object of an <see cref="ErrorResponse"/> (the schema's <c>Error</c> type).</summary>
public sealed class ErrorDetail
{
    /// <summary>A short machine-readable code, e.g. <c>BadArgument</c>.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Other fields, such as <c>innerHttpError</c>.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The body of <c>POST /v3/conversations</c> (Connector): ask the channel to start a conversation.</summary>
public sealed class ConversationParameters
{
    [JsonPropertyName("isGroup")]
    public bool? IsGroup { get; set; }

    [JsonPropertyName("bot")]
    public ChannelAccount? Bot { get; set; }

    [JsonPropertyName("members")]
    public List<ChannelAccount>? Members { get; set; }

    [JsonPropertyName("topicName")]
    public string? TopicName { get; set; }

    [JsonPropertyName("tenantId")]
    public string? TenantId { get; set; }

    /// <summary>The first activity of the new conversation, if any.</summary>
    [JsonPropertyName("activity")]
    public Activity? Activity { get; set; }

    [JsonPropertyName("channelData")]
    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>The answer to <c>POST /v3/conversations</c>: the new conversation's id.</summary>
public sealed class ConversationResourceResponse
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    /// <summary>The id of the first activity, when one was sent.</summary>
    [JsonPropertyName("activityId")]
    public string? ActivityId { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
