using System.Text.Json.Serialization;
using Dialogue.Cases.Persistence;
using Dialogue.Cases.Safety;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Screening;

namespace Dialogue.Cases.Journal;

/// <summary>
/// Journals a turn's messages, both sides, just before the turn's save (so they commit with it): what the person wrote
/// (with the screening's level and signals when moderate or worse) and every reply as it went to the channel (for SMS,
/// the packed messages whose delivery receipts come later). Also marks the context as the turn's, so the structured
/// results the save carries are journaled with the turn's conversation (see <see cref="JournalInterceptor"/>).
/// Strangers (no case) are not journaled.
/// </summary>
public static class TurnJournal
{
    public static async Task StageAsync(
        DialogueDbContext db, ITurnContext turn, InboundActivity row, IReadOnlyList<Activity> sent, TurnOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(sent);
        var hasText = turn.IsMessage() && !string.IsNullOrEmpty(turn.Activity.Text);
        var replies = sent.Where(a => a.IsType(ActivityTypes.Message) && !string.IsNullOrEmpty(a.Text)).ToList();
        PersonId? person = null;
        if (hasText || replies.Count > 0)
        {
            person = (await PersonResolver.ResolveAsync(turn, turn.Get<IPlanStore>(), cancellationToken).ConfigureAwait(false))?.Id;
        }

        JournalInterceptor.SetTurnScope(db, new JournalScope(person, row.ChannelId, row.ConversationId));
        if (person is not { } owner)
        {
            return;
        }

        if (hasText)
        {
            var assessment = turn.TurnValues.TryGetValue(SafetyScreeningMiddleware.AssessmentKey, out var value) ? value as RiskAssessment : null;
            var risky = assessment is { Level: > RiskLevel.None };
            db.Journal.Add(JournalEntry.Create(owner, JournalKinds.MessageIn, row.ReceivedAt, JournalActors.Person, turn.Activity.Text,
                JournalRecorder.Data(new MessageData(
                    turn.Activity.Id,
                    outcome == TurnOutcome.Failed ? "failed" : null,
                    risky ? assessment!.Signals.Select(s => new SignalData(s.Id, s.Category, s.Level.ToString(), s.Evidence)).ToList() : null)),
                row.ChannelId, row.ConversationId, riskLevel: risky ? assessment!.Level : null));
        }

        foreach (var reply in replies)
        {
            db.Journal.Add(JournalEntry.Create(owner, JournalKinds.MessageOut, reply.Timestamp ?? turn.Clock.GetUtcNow(), JournalActors.Bot, reply.Text,
                JournalRecorder.Data(new MessageData(reply.Id, null, null)
                {
                    Actions = reply.SuggestedActions?.Actions?.Select(a => a.Title ?? a.Text ?? string.Empty).ToList(),
                    Safety = SafetyReplies.IsMarked(reply) ? true : null,
                }),
                row.ChannelId, row.ConversationId));
        }
    }

    internal sealed record MessageData(string? ActivityId, string? Outcome, IReadOnlyList<SignalData>? Signals)
    {
        public IReadOnlyList<string>? Actions { get; init; }

        [JsonPropertyName("safety")]
        public bool? Safety { get; init; }
    }

    internal sealed record SignalData(string Id, string Category, string Level, string Evidence);
}
