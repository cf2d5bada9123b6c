namespace Dialogue.Safety.Screening;

/// <summary>How much danger a message shows. Ordered: a higher value is more urgent.</summary>
public enum RiskLevel
{
    None = 0,

    /// <summary>Stress, worry, loneliness, feeling down, anger at NAV, past crises told as history: a note for the veileder.</summary>
    Moderate = 1,

    /// <summary>Relapse, losing housing, no money for food, hopelessness, threats: a veileder contacts them today.</summary>
    High = 2,

    /// <summary>Suicidal thoughts or plans, self-harm, overdose, immediate danger, medical emergency: 113 at once.</summary>
    Acute = 3,
}

/// <summary>
/// One reason behind a decision: which lexicon entry or pattern matched (<see cref="Id"/>, stable across lexicon
/// versions so reviewers can follow it), its category, the level it points to, and the words in the message
/// that triggered it (for highlighting to the veileder).
/// </summary>
public sealed record RiskSignal(string Id, string Category, RiskLevel Level, string Evidence);

/// <summary>The screener's decision on one message, with every signal that led to it.</summary>
public sealed record RiskAssessment(RiskLevel Level, IReadOnlyList<RiskSignal> Signals)
{
    public static RiskAssessment None { get; } = new(RiskLevel.None, []);

    /// <summary>The version of the risk lexicon that made the decision (null when no lexicon was involved).</summary>
    public string? LexiconVersion { get; init; }
}

/// <summary>What the conversation so far adds to the screening of a new message.</summary>
/// <param name="EarlierModerateMessages">How many earlier messages in this conversation were screened moderate.</param>
public sealed record ScreeningContext(int EarlierModerateMessages)
{
    public static ScreeningContext None { get; } = new(0);
}

/// <summary>
/// Screens one inbound message. Local and offline: the decision never depends on a remote service (an optional
/// remote signal may only add to it, and a timeout or error changes nothing).
/// </summary>
public interface IRiskScreener
{
    ValueTask<RiskAssessment> ScreenAsync(string text, ScreeningContext context, CancellationToken cancellationToken);
}
