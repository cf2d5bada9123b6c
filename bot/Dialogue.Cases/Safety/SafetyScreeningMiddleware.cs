using System.Globalization;
using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Conversations;
using Dialogue.Plan.Domain;
using Dialogue.Safety.Escalation;
using Dialogue.Safety.Screening;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Safety;

/// <summary>
/// The first step of every turn, on every channel, also while a veileder has taken over: screens the message for
/// distress before anything else can answer, stop or redirect it. Moderate: a note for the veileder and nothing said.
/// High: the veileder contacts the person today (honestly told when the office is closed), 116 123 for the evening.
/// Acute: the very first reply is short and warm with 113 and 116 123 and says a veileder is being told, the plan
/// questions stop, and the conversation stays quiet (<see cref="CrisisHoldMiddleware"/>). The escalation is stored in
/// the turn's transaction, before any reply can leave; the safety reply is pinned so it goes out even if a later
/// step fails.
/// </summary>
public sealed partial class SafetyScreeningMiddleware(IRiskScreener screener, ILogger<SafetyScreeningMiddleware> logger) : ITurnMiddleware
{
    public const string AssessmentKey = "safety.assessment";
    internal const string StateProperty = "safety";
    internal const string ModerateCountProperty = "moderate";
    internal const string CrisisProperty = "crisis";

    private static readonly CultureInfo Bokmal = CultureInfo.GetCultureInfo("nb-NO");

    public int Order => MiddlewareOrder.SafetyScreening;

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (!turn.IsMessage() || string.IsNullOrWhiteSpace(turn.Activity.Text))
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var state = SafetyState(turn);
        var moderateBefore = state[ModerateCountProperty]?.GetValue<int>() ?? 0;
        var assessment = await screener.ScreenAsync(turn.Activity.Text, new ScreeningContext(moderateBefore), cancellationToken)
            .ConfigureAwait(false);
        turn.TurnValues[AssessmentKey] = assessment;
        if (assessment.Level == RiskLevel.Moderate)
        {
            state[ModerateCountProperty] = moderateBefore + 1;
        }

        var desk = turn.Get<EscalationDesk>();
        var person = await PersonResolver.ResolveAsync(turn, turn.Get<IPlanStore>(), cancellationToken).ConfigureAwait(false);
        var now = turn.Clock.GetUtcNow();
        if (person is not null)
        {
            await desk.RecordContactAsync(person.Id, now, cancellationToken).ConfigureAwait(false);
        }

        if (assessment.Level == RiskLevel.None)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        LogScreened(logger, turn.Activity.Id, assessment.Level, string.Join(",", assessment.Signals.Select(s => s.Id)));
        var raised = await desk.RaiseAsync(assessment, person, turn, cancellationToken).ConfigureAwait(false);
        if (assessment.Level == RiskLevel.Moderate)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var reply = turn.SendText(ReplyFor(assessment.Level, person is not null, raised.OfficeOpen),
            raised.NextOpeningLocal is { } opening ? new Dictionary<string, string> { ["opening"] = Opening(turn, opening, raised.LocalNow) } : null);
        turn.Pin(reply);
        SafetyReplies.Mark(reply);
        if (raised.IsNew && HandoffInitiation.AppliesTo(turn.Conversation.ChannelId))
        {
            var transcript = await desk.TranscriptAsync(turn.Conversation, HandoffInitiation.TranscriptLines, cancellationToken).ConfigureAwait(false);
            turn.Pin(turn.SendActivity(HandoffInitiation.Create(turn, raised.Escalation, transcript)));
        }

        if (assessment.Level == RiskLevel.Acute)
        {
            // No more plan questions: the dialog stack goes, and the conversation stays quiet for a while.
            turn.ConversationState.Remove(DialogContext.StackProperty);
            state[CrisisProperty] = new JsonObject { ["escalation"] = raised.Escalation.Id.Value, ["since"] = now };
        }

        // During a handoff the veileder must still see the message (the handoff step forwards it); otherwise the
        // safety reply is the whole answer to this message.
        if (await turn.Get<HandoffLookup>().ActiveAsync(turn, cancellationToken).ConfigureAwait(false) is not null)
        {
            await next(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static JsonObject SafetyState(ITurnContext turn)
    {
        if (turn.ConversationState[StateProperty] is JsonObject state)
        {
            return state;
        }

        state = [];
        turn.ConversationState[StateProperty] = state;
        return state;
    }

    private static TextId ReplyFor(RiskLevel level, bool known, bool officeOpen) =>
        new($"safety.{(level == RiskLevel.Acute ? "acute" : "high")}{(officeOpen ? string.Empty : ".closed")}{(known ? string.Empty : ".unknown")}");

    /// <summary>"i dag kl. 08:00", "i morgen kl. 08:00", "mandag kl. 08:00" or "fredag 2. januar kl. 08:00".</summary>
    private static string Opening(ITurnContext turn, DateTime openingLocal, DateTime localNow)
    {
        var day = DateOnly.FromDateTime(openingLocal);
        var date = (day.DayNumber - DateOnly.FromDateTime(localNow).DayNumber) switch
        {
            0 => turn.Texts.Render("format.today"),
            1 => turn.Texts.Render("format.tomorrow"),
            < 7 => day.ToString("dddd", Bokmal),
            _ => NorwegianDates.Format(day),
        };
        return turn.Texts.Render("format.date_time", new Dictionary<string, string>
        {
            ["date"] = date,
            ["time"] = openingLocal.ToString("HH:mm", Bokmal),
        });
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information,
        Message = "Activity {ActivityId} screened {Level} (signals: {Signals})")]
    private static partial void LogScreened(ILogger logger, string? activityId, RiskLevel level, string signals);
}

/// <summary>
/// After an acute message the bot asks no plan questions: every further message (other than a command such as STOPP,
/// HJELP or VEILEDER) gets a short reminder that a veileder has been told and where to call, and is noted on the
/// escalation — until a veileder resolves it or <see cref="SafetySettings.CrisisQuietPeriod"/> has passed.
/// </summary>
public sealed class CrisisHoldMiddleware(SafetyPolicy policy) : ITurnMiddleware
{
    public static readonly TextId FollowUpText = new("safety.crisis_followup");

    public int Order => MiddlewareOrder.CrisisHold;

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var state = turn.ConversationState[SafetyScreeningMiddleware.StateProperty] as JsonObject;
        var proactive = Dialogue.Plan.Scheduling.PlanEvents.IsProactiveStart(turn.Activity.Type, turn.Activity.Name);
        if ((!turn.IsMessage() && !proactive) || state?[SafetyScreeningMiddleware.CrisisProperty] is not JsonObject crisis)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = turn.Clock.GetUtcNow();
        var desk = turn.Get<EscalationDesk>();
        var since = crisis["since"]?.GetValue<DateTimeOffset>() ?? DateTimeOffset.MinValue;
        var escalation = crisis["escalation"]?.GetValue<Guid>() is { } id
            ? await desk.FindAsync(new EscalationId(id), cancellationToken).ConfigureAwait(false)
            : null;
        if (escalation is null || escalation.Status == EscalationStatus.Resolved || now - since > policy.Settings.CrisisQuietPeriod)
        {
            state.Remove(SafetyScreeningMiddleware.CrisisProperty);
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (proactive)
        {
            // No scheduled check-in while the person is in crisis: no plan questions, and nothing to answer.
            return;
        }

        if (Dialogue.Language.CommandRecognizer.Recognize(turn.Activity.Text) is not null)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        // A message screened moderate or worse was already added to the escalation by the screen.
        if (turn.TurnValues.TryGetValue(SafetyScreeningMiddleware.AssessmentKey, out var value)
            && value is RiskAssessment { Level: RiskLevel.None })
        {
            desk.AddFollowUp(escalation, now);
        }

        turn.SendText(FollowUpText);
    }
}
