using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;

namespace Dialogue.Safety.Escalation;

public readonly record struct EscalationId(Guid Value)
{
    public static EscalationId New() => new(Guid.NewGuid());

    public override string ToString() => Value.ToString("D");
}

public enum EscalationKind
{
    /// <summary>A message screened moderate, high or acute.</summary>
    Risk,

    /// <summary>A person who used to answer has gone silent: a nudge for the veileder, not an alarm.</summary>
    Silence,
}

/// <summary>open → acknowledged → in contact → resolved. Every change is an <see cref="EscalationEvent"/>.</summary>
public enum EscalationStatus
{
    Open,
    Acknowledged,
    InContact,
    Resolved,
}

/// <summary>
/// Something a person wrote (or stopped writing) that a human at NAV must look at. Stored in the same transaction as
/// the turn that raised it, so it exists before the person is told that somebody is coming.
/// </summary>
public sealed class Escalation
{
    public const int MaxMessageLength = 2000;

    public required EscalationId Id { get; init; }

    public required EscalationKind Kind { get; init; }

    public required RiskLevel Level { get; init; }

    /// <summary>The person, when the sender is known to be on exactly one case; null for an unknown number or account.</summary>
    public PersonId? PersonId { get; init; }

    /// <summary>Where it came from: the phone number (E.164) on SMS, the channel account otherwise.</summary>
    public required string SenderAddress { get; init; }

    /// <summary>The office whose queue it is in (the person's office, or the reception office for an unknown sender).</summary>
    public OfficeId? OfficeId { get; init; }

    /// <summary>The person's own named veileder; null for an unknown sender (then only the office's duty queue has it).</summary>
    public VeilederId? VeilederId { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    /// <summary>The message that raised it, as written (null for a silence flag).</summary>
    public string? MessageText { get; init; }

    /// <summary>The screener's signals as JSON (id, category, level, evidence), for highlighting.</summary>
    public required string SignalsJson { get; init; }

    public string? LexiconVersion { get; init; }

    public EscalationStatus Status { get; set; } = EscalationStatus.Open;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Raised when the office was closed: it waits at the top of the queue for the next opening.</summary>
    public bool OutsideOfficeHours { get; init; }

    /// <summary>When it must be acknowledged (acute and high only).</summary>
    public DateTimeOffset? AcknowledgeBy { get; init; }

    /// <summary>When the SLA was missed and it went to the office's duty queue and the office lead.</summary>
    public DateTimeOffset? RoutedToBackupAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public VeilederId? AcknowledgedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolutionNote { get; set; }

    /// <summary>Optimistic concurrency: two veiledere acting at once cannot both win.</summary>
    public long Version { get; set; }
}

/// <summary>One change to an escalation: what happened, who did it, when. Append-only.</summary>
public sealed class EscalationEvent
{
    public long Id { get; set; }

    public required EscalationId EscalationId { get; init; }

    public required string Type { get; init; }

    /// <summary>The veileder's ident, or "bot" / "watchdog" for the system.</summary>
    public required string Actor { get; init; }

    public string? Note { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>The event types in an escalation's history.</summary>
public static class EscalationEventTypes
{
    public const string Created = "created";
    public const string Notified = "notified";
    public const string Acknowledged = "acknowledged";
    public const string InContact = "in_contact";
    public const string Resolved = "resolved";
    public const string SlaMissed = "sla_missed";
    public const string HandoffStarted = "handoff_started";
    public const string HandoffEnded = "handoff_ended";
    public const string FollowUpMessage = "follow_up_message";
}
