using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Scheduling;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// The activity-plan conversation with a person whose case we know: welcome (who the bot is, what is saved, who
/// reads it), appointments to confirm, a check-in on each current activity, the goal if there is none, questions the
/// veileder asked for (dagsform, life situation), something new in their own words, and a one-message recap they
/// confirm before it is saved as a conversation summary. Accounts not linked to a case get
/// <see cref="StrangerConversation"/>, which reveals nothing about any case. Asking for a human at any point starts
/// <see cref="ContactRequestDialog"/> (registered here; the bot is given its id).
/// </summary>
public static class PlanConversation
{
    public const string Id = "main";
    public const string PlanId = "plan";

    /// <summary>Set in the plan dialog's options when a scheduled check-in started it (the bot texted first).</summary>
    public const string ScheduledKey = "scheduled";

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [RouteAsync]),
        new WaterfallDialog(PlanId,
        [
            WelcomeAsync,
            AppointmentsAsync,
            CollectThen(CheckInDialog.Id),
            CollectThen(GoalDialog.Id),
            CollectThen(RequestedQuestionsDialog.Id),
            AskNewAsync,
            MaybeNewAsync,
            RecapAsync,
            SaveOrCorrectAsync,
            SaveCorrectedAsync,
        ]),
        .. AppointmentDialog.Dialogs(),
        .. CheckInDialog.Dialogs(),
        .. GoalDialog.Dialogs(),
        .. RequestedQuestionsDialog.Dialogs(),
        .. NewActivityDialog.Dialogs(),
        .. ContactRequestDialog.Dialogs(),
    ];

    private static async Task<DialogTurnResult> RouteAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonResolver.ResolveAsync(step.Turn, step.Turn.Get<IPlanStore>(), ct).ConfigureAwait(false);
        if (person is null && PlanEvents.IsProactiveStart(step.Turn.Activity.Type, step.Turn.Activity.Name))
        {
            // A check-in is only started for a number on exactly one case; if that changed meanwhile, say nothing.
            return await step.EndAsync(null, ct).ConfigureAwait(false);
        }

        if (person is null)
        {
            return await step.ReplaceDialogAsync(StrangerConversation.Id, null, ct).ConfigureAwait(false);
        }

        // A scheduled check-in: the bot texts first, with the short SMS opener as its question.
        if (PlanEvents.IsProactiveStart(step.Turn.Activity.Type, step.Turn.Activity.Name))
        {
            return await step.ReplaceDialogAsync(PlanId, new JsonObject { [PersonKey] = person.Id.Value, [ScheduledKey] = true }, ct).ConfigureAwait(false);
        }

        // The first contact always gets the welcome (who we are, what is saved); shortcuts come after that.
        return IsWelcomed(step.Turn) && Phrases.IsGoalRequest(step.Turn.Activity.Text)
            ? await step.ReplaceDialogAsync(GoalDialog.Id, new JsonObject { [PersonKey] = person.Id.Value, [GoalDialog.UpdateKey] = true }, ct).ConfigureAwait(false)
            : await step.ReplaceDialogAsync(PlanId, new JsonObject { [PersonKey] = person.Id.Value }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> WelcomeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        if (step.Options?[ScheduledKey]?.GetValue<bool>() == true)
        {
            // The opener already says how to answer (JA or NEI), so no numbered list follows it; it is the first SMS
            // of a contact the bot starts, so it says nothing about the person's case (lock screens).
            return await step.PromptAsync(StandardPrompts.Confirm, new PromptOptions
            {
                Prompt = "sms.opener.check_in",
                Args = Args(("name", person.FirstName)),
                Choices = [],
            }, ct).ConfigureAwait(false);
        }

        // First contact: who we are, what is saved and who reads it, the way to a person. Two messages, then a question.
        if (!await WelcomeIfFirstContactAsync(step.Turn, person, ct).ConfigureAwait(false))
        {
            step.Turn.SendText("welcome.back", Args(("name", person.FirstName)));
        }

        return await step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "welcome.ask_time" }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AppointmentsAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (!step.ResultAs<bool>())
        {
            step.Turn.SendText("welcome.later");
            return await step.EndAsync(null, ct).ConfigureAwait(false);
        }

        // A scheduled check-in to someone the bot has not met yet: what is saved and who reads it, before the questions.
        if (step.Options?[ScheduledKey]?.GetValue<bool>() == true && !IsWelcomed(step.Turn))
        {
            await PrivacyNoticeAsync(step.Turn, await PersonAsync(step, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }

        return await step.BeginDialogAsync(AppointmentDialog.Id, ForPerson(step), ct).ConfigureAwait(false);
    }

    /// <summary>A step that keeps the recap lines of the part before and starts the next part for the same person.</summary>
    private static WaterfallStep CollectThen(string dialogId) => (step, ct) =>
    {
        CollectLines(step);
        return step.BeginDialogAsync(dialogId, ForPerson(step), ct);
    };

    private static Task<DialogTurnResult> AskNewAsync(WaterfallStepContext step, CancellationToken ct)
    {
        CollectLines(step);
        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "new.ask" }, ct);
    }

    private static Task<DialogTurnResult> MaybeNewAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.ResultAs<bool>()
            ? step.BeginDialogAsync(NewActivityDialog.Id, ForPerson(step), ct)
            : step.NextAsync(null, ct);

    private static Task<DialogTurnResult> RecapAsync(WaterfallStepContext step, CancellationToken ct)
    {
        CollectLines(step);
        var lines = Lines(step);
        if (lines.Count == 0)
        {
            step.Turn.SendText("recap.nothing");
            return step.EndAsync(null, ct);
        }

        var summary = string.Join("\n", lines);
        step.Values["summary"] = summary;
        step.Turn.SendText("recap.summary", Args(("lines", summary)));
        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "recap.confirm" }, ct);
    }

    private static Task<DialogTurnResult> SaveOrCorrectAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.ResultAs<bool>())
        {
            SaveSummary(step, confirmed: true, correction: null);
            step.Turn.SendText("recap.saved");
            return step.EndAsync(null, ct);
        }

        return step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "recap.ask_correction" }, ct);
    }

    private static Task<DialogTurnResult> SaveCorrectedAsync(WaterfallStepContext step, CancellationToken ct)
    {
        SaveSummary(step, confirmed: false, correction: step.ResultAs<string>());
        step.Turn.SendText("recap.saved_unconfirmed");
        return step.EndAsync(null, ct);
    }

    private static void SaveSummary(WaterfallStepContext step, bool confirmed, string? correction) =>
        step.Turn.Get<IPlanStore>().Add(new ConversationSummary
        {
            Id = Guid.NewGuid(),
            PersonId = PersonIdOf(step),
            ChannelId = step.Turn.Conversation.ChannelId,
            ConversationId = step.Turn.Conversation.ConversationId,
            Text = step.ValueAs<string>("summary")!,
            Confirmed = confirmed,
            Correction = correction,
            CreatedAt = step.Turn.Clock.GetUtcNow(),
        });
}
