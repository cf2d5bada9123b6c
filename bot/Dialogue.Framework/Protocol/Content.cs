using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Framework.Protocol;

/// <summary>Content shown with a message: a card, a file, an image. Either inline (<see cref="Content"/>) or by URL.</summary>
public sealed class Attachment
{
    /// <summary>MIME type of the content, e.g. <c>application/vnd.microsoft.card.hero</c> or <c>image/png</c>.</summary>
    [JsonPropertyName("contentType")]
    public string? ContentType { get; set; }

    [JsonPropertyName("contentUrl")]
    public string? ContentUrl { get; set; }

    /// <summary>Inline content (a card object, or a string for e.g. <c>text/html</c>), kept as raw JSON.</summary>
    [JsonPropertyName("content")]
    public JsonElement? Content { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("thumbnailUrl")]
    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>
/// Metadata about an activity (a mention, client info, a place...). Only <see cref="Type"/> is common to all
/// entities; every other field of the entity lives in <see cref="Properties"/>.
/// </summary>
public sealed class Entity
{
    /// <summary>E.g. <c>mention</c>, <c>clientInfo</c>, or an IRI such as <c>https://schema.org/Place</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>Buttons offered with a message (shown as quick replies where the channel supports them).</summary>
public sealed class SuggestedActions
{
    /// <summary>Ids of the accounts the actions are for; everyone when missing or empty.</summary>
    [JsonPropertyName("to")]
    public List<string>? To { get; set; }

    [JsonPropertyName("actions")]
    public List<CardAction>? Actions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>A clickable action on a card or in <see cref="SuggestedActions"/>.</summary>
public sealed class CardAction
{
    /// <summary>See <see cref="ActionTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>Text on the button.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; set; }

    /// <summary>What is sent when the button is used: a string for imBack/postBack/openUrl, any JSON for messageBack.</summary>
    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    /// <summary>Text sent to the bot (messageBack).</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>Text shown in the chat feed when the button is used (messageBack).</summary>
    [JsonPropertyName("displayText")]
    public string? DisplayText { get; set; }

    /// <summary>URL of an image shown on the button.</summary>
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("imageAltText")]
    public string? ImageAltText { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }
}
