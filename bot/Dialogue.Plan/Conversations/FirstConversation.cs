using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// The first conversation, proving the engine end to end: greeting, a name (text), whether the person has
/// something to do this week (yes/no), what and when (text, date), and a closing recap.
/// Replaced by the activity-plan conversations.
/// </summary>
public static class FirstConversation
{
    public const string Id = "first";
    public const string PlanId = "first.plan";

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [AskNameAsync, AskPlansAsync, MaybeAskPlanAsync, RecapAsync]),
        new WaterfallDialog(PlanId, [AskWhatAsync, AskWhenAsync, ReturnPlanAsync]),
    ];

    private static Task<DialogTurnResult> AskNameAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Turn.SendText("first.greeting");
        return step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "first.ask_name" }, ct);
    }

    private static Task<DialogTurnResult> AskPlansAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("name");
        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions
        {
            Prompt = "first.ask_plans",
            Args = new Dictionary<string, string> { ["name"] = Name(step) },
        }, ct);
    }

    private static Task<DialogTurnResult> MaybeAskPlanAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.ResultAs<bool>())
        {
            return step.BeginDialogAsync(PlanId, null, ct);
        }

        step.Turn.SendText("first.no_plans");
        return step.NextAsync(null, ct);
    }

    private static Task<DialogTurnResult> RecapAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Result is JsonObject plan)
        {
            step.Turn.SendText("first.recap_plan", new Dictionary<string, string>
            {
                ["what"] = (string?)plan["what"] ?? string.Empty,
                ["when"] = (string?)plan["when"] ?? string.Empty,
            });
        }

        step.Turn.SendText("first.closing", new Dictionary<string, string> { ["name"] = Name(step) });
        return step.EndAsync(null, ct);
    }

    private static Task<DialogTurnResult> AskWhatAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "first.ask_what" }, ct);

    private static Task<DialogTurnResult> AskWhenAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("what");
        return step.PromptAsync(StandardPrompts.DateTime, new PromptOptions { Prompt = "first.ask_when" }, ct);
    }

    private static Task<DialogTurnResult> ReturnPlanAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var when = step.ResultAs<DateTimeResolution>()!;
        return step.EndAsync(new JsonObject
        {
            ["what"] = step.ValueAs<string>("what"),
            ["when"] = NorwegianDates.Format(when, step.Turn.Texts),
            ["at"] = when.Value,
        }, ct);
    }

    private static string Name(WaterfallStepContext step) => step.ValueAs<string>("name") ?? string.Empty;
}
