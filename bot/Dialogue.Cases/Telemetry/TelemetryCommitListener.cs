using System.Diagnostics;
using Dialogue.Cases.Messaging;
using Dialogue.Cases.Safety;
using Dialogue.Framework.Turns;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;

namespace Dialogue.Cases.Telemetry;

/// <summary>
/// Counts what a committed turn did (so a turn run again after a conflict is counted once): the screening result and
/// the escalations it raised. Tags the turn's span with the outcome and risk level.
/// </summary>
internal sealed class TelemetryCommitListener(DialogueMetrics metrics) : ITurnCommitListener
{
    public void Committed(ITurnContext turn, TurnOutcome outcome)
    {
        var channel = turn.Conversation.ChannelId;
        var span = Activity.Current is { Source.Name: DialogueTelemetry.TurnsName } current ? current : null;
        span?.SetTag(DialogueTelemetry.OutcomeTag, outcome.ToString().ToLowerInvariant());
        if (turn.TurnValues.TryGetValue(SafetyScreeningMiddleware.AssessmentKey, out var value) && value is RiskAssessment assessment)
        {
            metrics.Screened(channel, assessment.Level);
            span?.SetTag(DialogueTelemetry.RiskLevelTag, DialogueTelemetry.Level(assessment.Level));
        }

        foreach (var escalation in TurnAdditions.Of(turn).OfType<Escalation>())
        {
            metrics.EscalationRaised(escalation.Level, escalation.Kind.ToString().ToLowerInvariant());
        }
    }
}
