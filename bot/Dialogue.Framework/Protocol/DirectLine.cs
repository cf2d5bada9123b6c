using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Framework.Protocol;

/// <summary>
/// Direct Line 3.0: a batch of activities (<c>GET .../activities</c> and each WebSocket message) and the watermark
/// to ask for the next batch with.
/// </summary>
public sealed class ActivitySet
{
    private List<Activity> _activities = [];

    /// <summary>Never null: <c>"activities": null</c> reads as an empty list.</summary>
    [JsonPropertyName("activities")]
    public List<Activity> Activities
    {
        get => _activities;
        set => _activities = value ?? [];
    }

    [JsonPropertyName("watermark")]
    public string? Watermark { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>Direct Line 3.0: the answer to starting a conversation or generating/refreshing a token.</summary>
public sealed class DirectLineConversation
{
    [JsonPropertyName("conversationId")]
    public string? ConversationId { get; set; }

    [JsonPropertyName("token")]
    public string? Token { get; set; }

    /// <summary>Seconds until <see cref="Token"/> expires. On the wire it is snake_case: <c>expires_in</c>.</summary>
    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }

    /// <summary>The WebSocket URL to receive activities from.</summary>
    [JsonPropertyName("streamUrl")]
    public string? StreamUrl { get; set; }

    [JsonPropertyName("referenceGrammarId")]
    public string? ReferenceGrammarId { get; set; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
