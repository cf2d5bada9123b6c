using System.Collections.Concurrent;
using Dialogue.Cases.Messaging;
using Dialogue.Framework.Protocol;

namespace Dialogue.Cases.DirectLine;

/// <summary>
/// News about Direct Line conversations for the clients connected to this process: "the activity log has grown" (read
/// it from the database; on several replicas this also reaches clients connected to the others, through the replica
/// bus) and ephemeral activities that are never stored (typing: this process only). Stream readers also poll the log
/// now and then, so a lost notice only delays.
/// </summary>
public sealed class ConversationFeed(Replicas.IReplicaBus? bus = null)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<FeedSubscription, byte>> _subscribers = new(StringComparer.Ordinal);

    public FeedSubscription Subscribe(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var subscription = new FeedSubscription(this, conversationId);
        _subscribers.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>How many clients of this conversation are listening in this process.</summary>
    public int ListenerCount(string conversationId) =>
        _subscribers.TryGetValue(conversationId, out var set) ? set.Count : 0;

    /// <summary>The conversation's activity log has new rows: wakes its listeners here and on the other replicas.</summary>
    public void NotifyAppended(string conversationId)
    {
        NotifyAppendedHere(conversationId);
        bus?.Send(new Replicas.ReplicaNotice(bus.ReplicaId, Replicas.ReplicaNotice.FeedKind, ConversationId: conversationId));
    }

    /// <summary>Wakes the conversation's listeners in this process only (news from another replica).</summary>
    public void NotifyAppendedHere(string conversationId)
    {
        foreach (var subscription in For(conversationId))
        {
            subscription.Signal.Notify();
        }
    }

    /// <summary>Wakes every listener in this process (after missing other replicas' news for a while).</summary>
    public void NotifyAllHere()
    {
        foreach (var set in _subscribers.Values)
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Signal.Notify();
            }
        }
    }

    /// <summary>Hands an activity that is not stored (e.g. typing) to whoever listens to the conversation now.</summary>
    public void PublishEphemeral(string conversationId, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        foreach (var subscription in For(conversationId))
        {
            subscription.Enqueue(activity);
        }
    }

    internal void Remove(FeedSubscription subscription)
    {
        if (_subscribers.TryGetValue(subscription.ConversationId, out var set))
        {
            set.TryRemove(subscription, out _);
            if (set.IsEmpty)
            {
                // Only drops the entry if it is still the same empty set; a racing Subscribe adds to a fresh one.
                _subscribers.TryRemove(new KeyValuePair<string, ConcurrentDictionary<FeedSubscription, byte>>(subscription.ConversationId, set));
            }
        }
    }

    private IEnumerable<FeedSubscription> For(string conversationId) =>
        _subscribers.TryGetValue(conversationId, out var set) ? set.Keys : [];
}

/// <summary>One listener (e.g. one WebSocket) on one conversation. Dispose to stop listening.</summary>
public sealed class FeedSubscription : IDisposable
{
    private const int MaxQueued = 50;
    private readonly ConversationFeed _feed;
    private readonly ConcurrentQueue<Activity> _ephemeral = new();

    internal FeedSubscription(ConversationFeed feed, string conversationId)
    {
        _feed = feed;
        ConversationId = conversationId;
    }

    public string ConversationId { get; }

    internal WorkSignal Signal { get; } = new();

    /// <summary>Waits until there is news or the timeout passes.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => Signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the ephemeral activities queued since the last call, oldest first.</summary>
    public IReadOnlyList<Activity> TakeEphemeral()
    {
        var taken = new List<Activity>();
        while (_ephemeral.TryDequeue(out var activity))
        {
            taken.Add(activity);
        }

        return taken;
    }

    public void Dispose()
    {
        // The signal is left undisposed on purpose: a publisher that took this subscription from the list a moment ago
        // may still notify it, and that must not throw into the turn that published.
        _feed.Remove(this);
    }

    internal void Enqueue(Activity activity)
    {
        // A listener that has stopped reading must not make the queue grow without end; typing is not worth keeping.
        if (_ephemeral.Count < MaxQueued)
        {
            _ephemeral.Enqueue(activity);
        }

        Signal.Notify();
    }
}
