using System.Text.Json.Nodes;
using Dialogue.Framework.Protocol;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Turns;

/// <summary>
/// One turn: the incoming activity, the state of the conversation and user as loaded for this turn, and the
/// replies the bot makes. Replies are buffered and only leave the bot once the turn's state is committed, so a
/// turn that fails or is retried never sends half an answer.
/// </summary>
public interface ITurnContext
{
    Activity Activity { get; }

    ConversationKey Conversation { get; }

    /// <summary>Conversation state, persisted when the turn commits. Mutate in place.</summary>
    JsonObject ConversationState { get; }

    /// <summary>User state (per channel account), persisted when the turn commits. Mutate in place.</summary>
    JsonObject UserState { get; }

    /// <summary>Values that live for this turn only (e.g. a screening result for later middleware).</summary>
    IDictionary<string, object> TurnValues { get; }

    IReadOnlyList<Activity> Replies { get; }

    TextCatalog Texts { get; }

    TimeProvider Clock { get; }

    /// <summary>Queues a reply. The reply is completed (from/recipient/conversation/replyToId) from the incoming activity.</summary>
    void Send(Activity reply);

    /// <summary>
    /// Drops every reply queued so far (used when a turn fails and only an apology must go out), except pinned ones.
    /// </summary>
    void ClearReplies();

    /// <summary>
    /// Keeps a queued reply through <see cref="ClearReplies"/>: a safety reply (emergency numbers) must reach the person
    /// even when something later in the turn fails.
    /// </summary>
    void Pin(Activity reply);
}
