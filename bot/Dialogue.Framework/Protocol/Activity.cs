using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dialogue.Framework.Protocol;

/// <summary>
/// A Bot Framework v3 activity as it travels on the wire: one flat JSON object whose <c>type</c> decides which of the
/// other fields mean anything. Every field is optional in the model; <see cref="Validate"/> says what the host needs.
/// Fields this model does not know are kept in <see cref="Properties"/> and written back unchanged.
/// Serialize with <see cref="ActivityJson.Options"/> (camelCase, nulls left out, ISO 8601 dates with offset).
/// </summary>
public sealed class Activity
{
    /// <summary>The activity type, e.g. <see cref="ActivityTypes.Message"/>. Compared ordinally.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The id the channel gave the activity once it recorded it.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>When the channel recorded the activity (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>When the sender made the activity, in the sender's local time; the offset is kept as sent.</summary>
    [JsonPropertyName("localTimestamp")]
    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>The sender's IANA time zone name, e.g. <c>Europe/Oslo</c>.</summary>
    [JsonPropertyName("localTimezone")]
    public string? LocalTimezone { get; set; }

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    /// <summary>Where replies to this activity are sent (set by the channel).</summary>
    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    [JsonPropertyName("from")]
    public ChannelAccount? From { get; set; }

    [JsonPropertyName("recipient")]
    public ChannelAccount? Recipient { get; set; }

    [JsonPropertyName("conversation")]
    public ConversationAccount? Conversation { get; set; }

    [JsonPropertyName("replyToId")]
    public string? ReplyToId { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>How <see cref="Text"/> is to be read; see <see cref="TextFormatTypes"/>. Plain when missing.</summary>
    [JsonPropertyName("textFormat")]
    public string? TextFormat { get; set; }

    /// <summary>BCP-47 language tag of the text, e.g. <c>nb-NO</c>.</summary>
    [JsonPropertyName("locale")]
    public string? Locale { get; set; }

    /// <summary>See <see cref="InputHints"/>.</summary>
    [JsonPropertyName("inputHint")]
    public string? InputHint { get; set; }

    [JsonPropertyName("speak")]
    public string? Speak { get; set; }

    [JsonPropertyName("summary")]
    public string? Summary { get; set; }

    [JsonPropertyName("suggestedActions")]
    public SuggestedActions? SuggestedActions { get; set; }

    [JsonPropertyName("attachments")]
    public List<Attachment>? Attachments { get; set; }

    /// <summary><c>list</c> or <c>carousel</c>; see <see cref="AttachmentLayoutTypes"/>.</summary>
    [JsonPropertyName("attachmentLayout")]
    public string? AttachmentLayout { get; set; }

    [JsonPropertyName("entities")]
    public List<Entity>? Entities { get; set; }

    /// <summary>Channel-specific content, kept as raw JSON.</summary>
    [JsonPropertyName("channelData")]
    public JsonElement? ChannelData { get; set; }

    /// <summary>Programmatic payload (events, invokes, messageBack, traces), kept as raw JSON.</summary>
    [JsonPropertyName("value")]
    public JsonElement? Value { get; set; }

    /// <summary>The name of an event, invoke, trace or command.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Another conversation (and optionally activity) this one refers to.</summary>
    [JsonPropertyName("relatesTo")]
    public ConversationReference? RelatesTo { get; set; }

    /// <summary>See <see cref="DeliveryModes"/>. Normal when missing.</summary>
    [JsonPropertyName("deliveryMode")]
    public string? DeliveryMode { get; set; }

    [JsonPropertyName("membersAdded")]
    public List<ChannelAccount>? MembersAdded { get; set; }

    [JsonPropertyName("membersRemoved")]
    public List<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary><c>add</c> or <c>remove</c> (contactRelationUpdate, installationUpdate).</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Why a conversation ended; see <see cref="EndOfConversationCodes"/>.</summary>
    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>After this time the activity should not be shown.</summary>
    [JsonPropertyName("expiration")]
    public DateTimeOffset? Expiration { get; set; }

    /// <summary><c>low</c>, <c>normal</c> or <c>high</c>.</summary>
    [JsonPropertyName("importance")]
    public string? Importance { get; set; }

    /// <summary>Phrases speech recognition should listen for.</summary>
    [JsonPropertyName("listenFor")]
    public List<string>? ListenFor { get; set; }

    /// <summary>Identifies the shape of <see cref="Value"/> (trace activities).</summary>
    [JsonPropertyName("valueType")]
    public string? ValueType { get; set; }

    /// <summary>A descriptive label (trace activities).</summary>
    [JsonPropertyName("label")]
    public string? Label { get; set; }

    /// <summary>
    /// Who called the bot, as established from verified credentials. By the spec it is not meant to be trusted
    /// when it arrives on the wire; the model keeps it like any other field.
    /// </summary>
    [JsonPropertyName("callerId")]
    public string? CallerId { get; set; }

    /// <summary>Fields this model does not know, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    /// <summary>True when <see cref="Type"/> is exactly <paramref name="type"/> (ordinal, case-sensitive).</summary>
    public bool IsType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return string.Equals(Type, type, StringComparison.Ordinal);
    }

    /// <summary>
    /// A message answering this activity: from and recipient swapped, same conversation, channel, service URL and
    /// locale, <see cref="ReplyToId"/> set to this activity's id. Accounts are copied (id and name; for the
    /// conversation also isGroup and tenantId), so changing the reply never changes this activity.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        From = Recipient is { } bot ? new ChannelAccount { Id = bot.Id, Name = bot.Name } : null,
        Recipient = From is { } user ? new ChannelAccount { Id = user.Id, Name = user.Name } : null,
        Conversation = Conversation is { } c
            ? new ConversationAccount { Id = c.Id, Name = c.Name, IsGroup = c.IsGroup, TenantId = c.TenantId }
            : null,
        ReplyToId = Id,
        Locale = Locale,
        Text = text,
    };

    /// <summary>
    /// A reference to this activity's conversation, seen from the bot receiving it: <c>user</c> is
    /// <see cref="From"/>, <c>bot</c> is <see cref="Recipient"/>, <c>activityId</c> is <see cref="Id"/>.
    /// The accounts are copies.
    /// </summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From?.Clone(),
        Bot = Recipient?.Clone(),
        Conversation = Conversation?.Clone(),
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>
    /// What is missing for the host to take this activity, as short sentences naming the wire field (empty when
    /// it is fine): <c>type</c>; <c>conversation.id</c> (the spec requires it on every activity, and the host keys
    /// everything on it); <c>from.id</c> on messages. channelId and serviceUrl depend on how the activity is
    /// delivered and are left to the host.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Type))
        {
            problems.Add("type is required.");
        }

        if (string.IsNullOrWhiteSpace(Conversation?.Id))
        {
            problems.Add("conversation.id is required.");
        }

        if (IsType(ActivityTypes.Message) && string.IsNullOrWhiteSpace(From?.Id))
        {
            problems.Add("from.id is required on a message.");
        }

        return problems;
    }
}
