using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// Something new in the person's own words: what, when, and who can help (optional). Saved as a suggestion (Forslag),
/// not agreed, and marked for the veileder to look at.
/// </summary>
internal static class NewActivityDialog
{
    public const string Id = "plan.new";

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [AskWhatAsync, AskWhenAsync, AskHelperAsync, SaveAsync]),
    ];

    /// <summary>Stages a new activity the person suggested through the bot.</summary>
    public static void Add(WaterfallStepContext step, string title, DateOnly date, string? helper) =>
        step.Turn.Get<IPlanStore>().Add(new PlanActivity
        {
            Id = ActivityId.New(),
            PersonId = PersonIdOf(step),
            Title = title,
            Type = ActivityType.JobbrettetEgenaktivitet,
            Status = ActivityStatus.Forslag,
            FromDate = date,
            ToDate = date,
            Agreed = false,
            Helper = helper,
            LastChangedBy = ChangedBy.Bot,
            NeedsVeilederReview = true,
            UpdatedAt = step.Turn.Clock.GetUtcNow(),
        });

    private static Task<DialogTurnResult> AskWhatAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "new.ask_what" }, ct);

    private static Task<DialogTurnResult> AskWhenAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("what");
        return step.PromptAsync(StandardPrompts.DateTime, new PromptOptions { Prompt = "new.ask_when" }, ct);
    }

    private static Task<DialogTurnResult> AskHelperAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("when");
        return step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "new.ask_helper" }, ct);
    }

    private static Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var answer = step.ResultAs<string>();
        var helper = YesNoRecognizer.Recognize(answer) is false || Phrases.IsSkip(answer) || Phrases.IsDontKnow(answer) ? null : answer;
        var what = step.ValueAs<string>("what")!;
        var when = step.ValueAs<DateTimeResolution>("when")!;
        Add(step, what, when.Date, helper);
        step.Turn.SendText("new.saved");
        return step.EndAsync(Line(step.Turn, "recap.line.new", Args(("title", what), ("date", NorwegianDates.Format(when.Date)))), ct);
    }
}
