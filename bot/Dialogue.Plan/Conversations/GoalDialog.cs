using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// Asks for the goal in the person's own words when the plan has none, or — when the person asks to change it
/// (option <c>"update": true</c>) — shows the goal and asks for the new one. "Vet ikke" is fine: the bot offers one
/// small, concrete step instead.
/// </summary>
internal static class GoalDialog
{
    public const string Id = "plan.goal";
    public const string UpdateKey = "update";

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [AskAsync, SaveOrOfferStepAsync, MaybeAddStepAsync]),
    ];

    private static async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        var update = step.Options?[UpdateKey]?.GetValue<bool>() == true;
        if (person.Goal is null)
        {
            return await step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "goal.ask" }, ct).ConfigureAwait(false);
        }

        return update
            ? await step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "goal.ask_update", Args = Args(("goal", person.Goal)) }, ct)
                .ConfigureAwait(false)
            : await step.EndAsync(null, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> SaveOrOfferStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var answer = step.ResultAs<string>();
        if (Phrases.IsDontKnow(answer) || Phrases.IsSkip(answer))
        {
            step.Turn.SendText("goal.small_step");
            return await step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "goal.add_step" }, ct).ConfigureAwait(false);
        }

        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        person.Goal = answer;
        person.GoalUpdatedAt = step.Turn.Clock.GetUtcNow();
        step.Turn.SendText("goal.saved");
        return await step.EndAsync(Line(step.Turn, "recap.line.goal", Args(("goal", answer!))), ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> MaybeAddStepAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (!step.ResultAs<bool>())
        {
            step.Turn.SendText("goal.step_skipped");
            return step.EndAsync(null, ct);
        }

        var title = step.Turn.Texts.Render("goal.step_title");
        var tomorrow = Today(step.Turn).AddDays(1);
        NewActivityDialog.Add(step, title, tomorrow, helper: null);
        step.Turn.SendText("new.saved");
        return step.EndAsync(Line(step.Turn, "recap.line.new", Args(("title", title), ("date", NorwegianDates.Format(tomorrow)))), ct);
    }
}
