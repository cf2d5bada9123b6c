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
