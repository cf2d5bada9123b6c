using Dialogue.Cases.Replicas;

namespace Dialogue.Cases.Messaging;

/// <summary>Wake-up signals for the inbox and outbox workers; on several replicas a notify wakes every replica's worker.</summary>
public sealed class MessagingSignals(IReplicaBus? bus = null) : IDisposable
{
    public WorkSignal Inbox { get; } = new(bus is null ? null : () => bus.Send(new ReplicaNotice(bus.ReplicaId, ReplicaNotice.InboxKind)));

    public WorkSignal Outbox { get; } = new(bus is null ? null : () => bus.Send(new ReplicaNotice(bus.ReplicaId, ReplicaNotice.OutboxKind)));

    public void Dispose()
    {
        Inbox.Dispose();
        Outbox.Dispose();
    }
}
