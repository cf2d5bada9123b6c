using System.Collections.Concurrent;
using System.Threading.Channels;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;

namespace Dialogue.Cases.Safety;

/// <summary>What changed, for the staff workspace to refresh live. It carries ids, not message text: details are read through the API.</summary>
/// <param name="Type">One of <see cref="StaffEventTypes"/>.</param>
public sealed record StaffEvent(
    string Type, OfficeId Office, DateTimeOffset At, Guid? EscalationId = null, Guid? HandoffId = null, RiskLevel? Level = null);

public static class StaffEventTypes
{
    public const string EscalationRaised = "escalation.raised";
    public const string EscalationUpdated = "escalation.updated";

    /// <summary>The person wrote again in a conversation with an open escalation.</summary>
    public const string EscalationFollowUp = "escalation.follow_up";

    public const string HandoffStarted = "handoff.started";

    /// <summary>A message in a conversation a veileder has taken over (from the person, or the veileder's own).</summary>
    public const string HandoffMessage = "handoff.message";

    public const string HandoffEnded = "handoff.ended";

    /// <summary>A new enquiry, message to the office or contact request is in the office's inbox.</summary>
    public const string EnquiryRaised = "enquiry.raised";

    /// <summary>An enquiry or contact request was answered or done.</summary>
    public const string EnquiryUpdated = "enquiry.updated";
}

/// <summary>
/// Live notices to the staff workspaces, per office. Published only after what they announce is committed. A notice
/// goes to the workspaces open in this process at once and, through the replica bus (PostgreSQL NOTIFY), to those open
/// on the other replicas, each exactly once. A workspace that reads too slowly loses the oldest notices, never blocks
/// the bot; it refetches anyway.
/// </summary>
public sealed class StaffEvents(Replicas.IReplicaBus? bus = null)
{
    private readonly ConcurrentDictionary<Guid, (OfficeId Office, Channel<StaffEvent> Channel)> _subscribers = new();

    public void Publish(StaffEvent staffEvent)
    {
        ArgumentNullException.ThrowIfNull(staffEvent);
        Deliver(staffEvent);
        bus?.Send(new Replicas.ReplicaNotice(
            bus.ReplicaId, Replicas.ReplicaNotice.StaffKind, EventType: staffEvent.Type, Office: staffEvent.Office.Value, At: staffEvent.At,
            EscalationId: staffEvent.EscalationId, HandoffId: staffEvent.HandoffId, Level: staffEvent.Level));
    }

    /// <summary>Hands a notice to the workspaces open in this process only (one published here, or by another replica).</summary>
    public void Deliver(StaffEvent staffEvent)
    {
        ArgumentNullException.ThrowIfNull(staffEvent);
        foreach (var (_, (office, channel)) in _subscribers)
        {
            if (office == staffEvent.Office)
            {
                channel.Writer.TryWrite(staffEvent);
            }
        }
    }

    /// <summary>Notices for one office, until the subscription is disposed.</summary>
    public Subscription Subscribe(OfficeId office)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<StaffEvent>(new BoundedChannelOptions(200)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        _subscribers[id] = (office, channel);
        return new Subscription(channel.Reader, () =>
        {
            _subscribers.TryRemove(id, out _);
            channel.Writer.TryComplete();
        });
    }

    public sealed class Subscription(ChannelReader<StaffEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<StaffEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
