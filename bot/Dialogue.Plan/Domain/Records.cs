namespace Dialogue.Plan.Domain;

public enum EnquiryKind
{
    /// <summary>The person needs help with an activity.</summary>
    HelpWithActivity,

    /// <summary>The person needs a new time for an appointment.</summary>
    NewAppointmentTime,

    /// <summary>A question the bot could not answer.</summary>
    Question,
}

public enum EnquiryStatus
{
    Open,
    Answered,
}

/// <summary>A henvendelse: something from the person that needs an answer from NAV, in the veileder's queue.</summary>
public sealed class Enquiry
{
    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required OfficeId OfficeId { get; init; }

    public required EnquiryKind Kind { get; init; }

    public ActivityId? ActivityId { get; init; }

    /// <summary>In the person's own words, when they gave any.</summary>
    public string? Text { get; init; }

    public EnquiryStatus Status { get; set; } = EnquiryStatus.Open;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a member of staff marked it answered.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    public VeilederId? AnsweredBy { get; set; }

    /// <summary>What was done, in the veileder's words (optional).</summary>
    public string? AnswerNote { get; set; }
}

/// <summary>A samtalereferat: the recap of a conversation in the person's words, confirmed by them or marked as not confirmed.</summary>
public sealed class ConversationSummary
{
    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    public required string Text { get; init; }

    public required bool Confirmed { get; init; }

    /// <summary>What the person said was wrong, when they did not confirm.</summary>
    public string? Correction { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Dagsform: how the person said they are, 1 (very bad) to 5 (very good), and the word they used if any.</summary>
public sealed class MoodEntry
{
    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required int Score { get; init; }

    public string? Word { get; init; }

    public required DateTimeOffset At { get; init; }
}

public enum LifeTopic
{
    Housing,
    Money,
    Health,
    Substances,
    Network,
    DailyRoutine,
}

/// <summary>One answer about the person's life situation, in their words, or that they chose to skip it.</summary>
public sealed class LifeSituationAnswer
{
    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required LifeTopic Topic { get; init; }

    public string? Answer { get; init; }

    public bool Skipped => Answer is null;

    public required DateTimeOffset At { get; init; }
}

public enum ContactRequestStatus
{
    /// <summary>The person is waiting to be called.</summary>
    Open,

    /// <summary>The veileder has called (or otherwise handled it).</summary>
    Done,
}

/// <summary>
/// A person asked for a human ("VEILEDER", "ring meg"): their veileder is to call them back. Normal priority, in the
/// office's queue — unlike an escalation, nothing here is urgent or watched by the clock.
/// </summary>
public sealed class ContactRequest
{
    public const int MaxPreferredTimeLength = 200;

    public required Guid Id { get; init; }

    public required PersonId PersonId { get; init; }

    public required OfficeId OfficeId { get; init; }

    /// <summary>The veileder asked to call: the person's named veileder when the request was made.</summary>
    public required VeilederId VeilederId { get; init; }

    /// <summary>The number to call; null when the person has no phone to give.</summary>
    public PhoneNumber? Phone { get; init; }

    /// <summary>When it suits, in the person's own words ("i morgen formiddag", "vet ikke"); null when they gave none.</summary>
    public string? PreferredTimeText { get; init; }

    /// <summary>The earliest time that suits, when the words could be read as a date or time (never before the request).</summary>
    public DateTimeOffset? PreferredFrom { get; init; }

    public required string ChannelId { get; init; }

    public required string ConversationId { get; init; }

    public ContactRequestStatus Status { get; set; } = ContactRequestStatus.Open;

    public required DateTimeOffset CreatedAt { get; init; }
}
