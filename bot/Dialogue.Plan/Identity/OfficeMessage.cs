using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Identity;

public enum OfficeMessageStatus
{
    New,
    Handled,
}

/// <summary>
/// A message for a NAV office from someone the bot does not know (a number or account not linked to any case). It
/// holds only what the sender wrote and where it came from; it is never tied to a case by the bot.
/// </summary>
public sealed class OfficeMessage
{
    public const int MaxTextLength = 2000;
    public const int MaxContactLength = 500;

    public required Guid Id { get; init; }

    /// <summary>The office whose queue it is in; null when no office could be chosen (an unassigned queue).</summary>
    public OfficeId? OfficeId { get; set; }

    public required string ChannelId { get; init; }

    /// <summary>The conversation it came in, so staff can find the chat it was written in.</summary>
    public required string ConversationId { get; init; }

    /// <summary>Where it came from: the phone number in E.164 form on SMS, the channel's user id otherwise.</summary>
    public required string SenderAddress { get; init; }

    public required string Text { get; init; }

    /// <summary>A name or a way to reach the sender, in their words; null when they skipped it.</summary>
    public string? ContactInfo { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public OfficeMessageStatus Status { get; set; } = OfficeMessageStatus.New;

    /// <summary>When a member of staff marked it handled.</summary>
    public DateTimeOffset? HandledAt { get; set; }

    public VeilederId? HandledBy { get; set; }

    /// <summary>What was done, in the veileder's words (optional).</summary>
    public string? HandledNote { get; set; }
}

/// <summary>The offices' queue of messages from people not linked to a case. Writes commit with the turn.</summary>
public interface IOfficeInbox
{
    /// <summary>
    /// The office that receives messages from people not linked to a case (<c>Offices:Reception</c>; else the only
    /// office there is), or null when none can be chosen: the message then waits in the unassigned queue.
    /// </summary>
    Task<OfficeId?> ReceptionOfficeAsync(CancellationToken cancellationToken);

    void Add(OfficeMessage message);
}
