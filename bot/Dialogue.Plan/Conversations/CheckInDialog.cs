using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// One question per current activity: done / not yet / need help. Done gets specific praise; not yet asks, without
/// blame, for a new day or to drop it; need help goes to the veileder as an enquiry tied to the activity.
/// </summary>
internal static class CheckInDialog
{
    public const string Id = "plan.checkin";
    private const string LoopId = "plan.checkin.activity";

    private const string Done = "done";
    private const string NotYet = "not-yet";
    private const string NeedHelp = "need-help";
    private const string NewDate = "new-date";
    private const string Drop = "drop";

    private static readonly IReadOnlyList<PromptChoice> Answers =
    [
        new(Done, "choice.done", ["ferdig", "gjort", "jepp", "ja"]),
        new(NotYet, "choice.not_yet", ["nei", "ikke enda", "ikke nå", "ikke ferdig", "ikke ennå"]),
        new(NeedHelp, "choice.need_help", ["hjelp", "trenger hjelp", "vil ha hjelp"]),
    ];

    private static readonly IReadOnlyList<PromptChoice> NewDateOrDrop =
    [
        new(NewDate, "choice.new_date", ["ny dato", "en annen dag", "flytte", "utsette"]),
        new(Drop, "choice.drop", ["dropp", "droppe", "fjern", "slett", "ta bort"]),
    ];

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [StartAsync]),
        new WaterfallDialog(LoopId, [AskAsync, HandleAnswerAsync, HandleNotYetAsync, HandleNewDateAsync]),
    ];

    private static async Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var today = Today(step.Turn);
        var current = (await step.Turn.Get<IPlanStore>().ActivitiesAsync(PersonIdOf(step), ct).ConfigureAwait(false))
            .Where(a => a.IsCurrent(today))
            .Select(a => (JsonNode?)JsonValue.Create(a.Id.Value));
        return await step.ReplaceDialogAsync(LoopId, ItemLoop.Start(step, current), ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (ItemLoop.Current(step) is null)
        {
            return await ItemLoop.EndAsync(step, ct).ConfigureAwait(false);
        }

        var activity = await ActivityAsync(step, ct).ConfigureAwait(false);
        return await step.PromptAsync(StandardPrompts.Choice, new PromptOptions
        {
            Prompt = "checkin.ask",
            Args = Args(("title", activity.Title)),
            Choices = Answers,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> HandleAnswerAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var activity = await ActivityAsync(step, ct).ConfigureAwait(false);
        var title = Args(("title", activity.Title));
        switch (step.ResultAs<string>())
        {
            case Done:
                Change(step, activity, a => a.Status = ActivityStatus.Fullfort);
                step.Turn.SendText("checkin.done", title);
                return await ItemLoop.NextAsync(step, LoopId, step.Turn.Texts.Render("recap.line.done", title), ct).ConfigureAwait(false);

            case NeedHelp:
                var person = await PersonAsync(step, ct).ConfigureAwait(false);
                step.Turn.Get<IPlanStore>().Add(new Enquiry
                {
                    Id = Guid.NewGuid(),
                    PersonId = person.Id,
                    OfficeId = person.OfficeId,
                    Kind = EnquiryKind.HelpWithActivity,
                    ActivityId = activity.Id,
                    CreatedAt = step.Turn.Clock.GetUtcNow(),
                });
                step.Turn.SendText("checkin.help_sent");
                return await ItemLoop.NextAsync(step, LoopId, step.Turn.Texts.Render("recap.line.help", title), ct).ConfigureAwait(false);

            default:
                step.Turn.SendText("checkin.not_yet");
                return await step.PromptAsync(StandardPrompts.Choice, new PromptOptions
                {
                    Prompt = "checkin.new_date_or_drop",
                    Choices = NewDateOrDrop,
                }, ct).ConfigureAwait(false);
        }
    }

    private static async Task<DialogTurnResult> HandleNotYetAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.ResultAs<string>() == NewDate)
        {
            return await step.PromptAsync(StandardPrompts.DateTime, new PromptOptions { Prompt = "checkin.ask_date" }, ct)
                .ConfigureAwait(false);
        }

        var activity = await ActivityAsync(step, ct).ConfigureAwait(false);
        Change(step, activity, a => a.Status = ActivityStatus.Avbrutt);
        step.Turn.SendText("checkin.dropped");
        return await ItemLoop.NextAsync(step, LoopId, step.Turn.Texts.Render("recap.line.dropped", Args(("title", activity.Title))), ct)
            .ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> HandleNewDateAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var when = step.ResultAs<DateTimeResolution>()!;
        var activity = await ActivityAsync(step, ct).ConfigureAwait(false);
        Change(step, activity, a =>
        {
            a.ToDate = when.Date;
            if (a.FromDate > when.Date)
            {
                a.FromDate = when.Date;
            }
        });
        var args = Args(("title", activity.Title), ("date", NorwegianDates.Format(when.Date)));
        step.Turn.SendText("checkin.moved", args);
        return await ItemLoop.NextAsync(step, LoopId, step.Turn.Texts.Render("recap.line.moved", args), ct).ConfigureAwait(false);
    }

    private static async Task<PlanActivity> ActivityAsync(WaterfallStepContext step, CancellationToken ct) =>
        await step.Turn.Get<IPlanStore>().FindActivityAsync(new ActivityId(ItemLoop.Current(step)!.GetValue<Guid>()), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An activity in the check-in no longer exists.");

    private static void Change(WaterfallStepContext step, PlanActivity activity, Action<PlanActivity> change)
    {
        change(activity);
        activity.LastChangedBy = ChangedBy.Bot;
        activity.NeedsVeilederReview = true;
        activity.UpdatedAt = step.Turn.Clock.GetUtcNow();
    }
}
