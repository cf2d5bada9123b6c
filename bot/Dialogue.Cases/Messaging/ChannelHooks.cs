using Dialogue.Cases.Persistence;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;

namespace Dialogue.Cases.Messaging;

/// <summary>
/// A channel that delivers outbox rows itself (SMS through Twilio, Direct Line to its own stream) instead of through
/// the Bot Framework Connector at the activity's serviceUrl.
/// </summary>
public interface IChannelTransport : IOutboundTransport
{
    /// <summary>The <c>channelId</c> of the activities this transport delivers.</summary>
    string ChannelId { get; }
}

/// <summary>
/// Shapes a turn's replies for one channel before they are written to the outbox, in the same transaction as the
/// turn: SMS packs a turn into at most three messages, for example. Channels without a packer get one outbox row
/// per reply, unchanged.
/// </summary>
public interface IReplyPacker
{
    /// <summary>The <c>channelId</c> whose replies this packer shapes.</summary>
    string ChannelId { get; }

    IReadOnlyList<Activity> Pack(IReadOnlyList<Activity> replies);
}

/// <summary>
/// Gives a turn the data access it needs (<c>turn.Provide&lt;T&gt;(...)</c>) on the turn's own database context, so
/// whatever it writes is committed in the same transaction as the turn's state and replies.
/// </summary>
public interface ITurnServices
{
    void Provide(ITurnContext turn, DialogueDbContext db);
}

/// <summary>
/// Told after a turn's transaction has committed (and only then), e.g. to tell the staff workspace live about an
/// escalation the turn raised: what is announced is already stored. Must not throw or block.
/// </summary>
public interface ITurnCommitListener
{
    void Committed(ITurnContext turn, TurnOutcome outcome);
}

/// <summary>The entities a committed turn added (inbox rows, plan changes, enquiries...), in the turn's values under <see cref="Key"/>.</summary>
public sealed record TurnAdditions(IReadOnlyList<object> Entities)
{
    public const string Key = "Dialogue.Cases.TurnAdditions";

    public static IReadOnlyList<object> Of(ITurnContext turn) =>
        turn is not null && turn.TurnValues.TryGetValue(Key, out var value) && value is TurnAdditions additions ? additions.Entities : [];
}

/// <summary>Sends each outbox row through its channel's own transport, or the fallback (the Connector) when it has none.</summary>
public sealed class OutboundRouter(IEnumerable<IChannelTransport> channels, IOutboundTransport fallback) : IOutboundTransport
{
    private readonly Dictionary<string, IChannelTransport> byChannel =
        channels.ToDictionary(c => c.ChannelId, StringComparer.OrdinalIgnoreCase);

    public Task<DeliveryResult> SendAsync(OutboundActivity message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var transport = byChannel.TryGetValue(message.ChannelId, out var own) ? own : fallback;
        return transport.SendAsync(message, cancellationToken);
    }
}
