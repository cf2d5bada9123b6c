using Dialogue.Plan.Domain;

namespace Dialogue.Safety.Escalation;

/// <summary>
/// A period in which a veileder has taken over a conversation: the bot steps aside (screening still runs), the
/// veileder's messages reach the person on their channel, and the person's replies reach the veileder.
/// </summary>
public sealed class Handoff
{
    public required Guid Id { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    public PersonId? PersonId { get; init; }

    public required OfficeId OfficeId { get; init; }

    public required VeilederId VeilederId { get; init; }

    /// <summary>Signs the veileder's messages ("Marte hos NAV: ...").</summary>
    public required string VeilederFirstName { get; init; }

    public EscalationId? EscalationId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? EndedAt { get; set; }

    public long Version { get; set; }
}

/// <summary>
/// When a person was last heard from, so a long silence after activity can be flagged to the veileder. One row per
/// person, updated by every turn that is about them.
/// </summary>
public sealed class PersonContact
{
    public required PersonId PersonId { get; init; }

    public required DateTimeOffset FirstMessageAt { get; init; }

    public DateTimeOffset LastMessageAt { get; set; }

    public int MessageCount { get; set; }

    /// <summary>The last silence flag raised; a new one only after the person has written again.</summary>
    public DateTimeOffset? SilenceFlaggedAt { get; set; }
}
