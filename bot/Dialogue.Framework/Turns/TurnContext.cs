using System.Text.Json.Nodes;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Turns;

public sealed class TurnContext : ITurnContext
{
    private readonly List<Activity> _replies = [];
    private readonly HashSet<Activity> _pinned = new(ReferenceEqualityComparer.Instance);

    public TurnContext(
        Activity activity,
        JsonObject conversationState,
        JsonObject userState,
        TextCatalog texts,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Activity = activity;
        Conversation = new ConversationKey(
            activity.ChannelId ?? throw new ArgumentException("The activity has no channelId.", nameof(activity)),
            activity.Conversation?.Id ?? throw new ArgumentException("The activity has no conversation id.", nameof(activity)));
        ConversationState = conversationState;
        UserState = userState;
        Texts = texts;
        Clock = clock;
    }

    public Activity Activity { get; }

    public ConversationKey Conversation { get; }

    public JsonObject ConversationState { get; }

    public JsonObject UserState { get; }

    public IDictionary<string, object> TurnValues { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    public IReadOnlyList<Activity> Replies => _replies;

    public TextCatalog Texts { get; }

    public TimeProvider Clock { get; }

    public void Send(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var template = Activity.CreateReply();
        reply.Type ??= ActivityTypes.Message;
        reply.ChannelId ??= template.ChannelId;
        reply.ServiceUrl ??= template.ServiceUrl;
        reply.From ??= template.From;
        reply.Recipient ??= template.Recipient;
        reply.Conversation ??= template.Conversation;
        reply.ReplyToId ??= template.ReplyToId;
        reply.Locale ??= template.Locale ?? "nb-NO";
        reply.Timestamp ??= Clock.GetUtcNow();
        reply.Id ??= Guid.NewGuid().ToString("N");
        _replies.Add(reply);
    }

    public void ClearReplies() => _replies.RemoveAll(r => !_pinned.Contains(r));

    public void Pin(Activity reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!_replies.Contains(reply))
        {
            throw new InvalidOperationException("Only a reply queued in this turn can be pinned.");
        }

        _pinned.Add(reply);
    }
}
