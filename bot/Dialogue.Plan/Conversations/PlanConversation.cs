using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// The activity-plan conversation with a person whose case we know: welcome (who the bot is, what is saved, who
/// reads it), a check-in on each current activity (done / not yet / need help), something new in their own words,
/// and a one-message recap they confirm before it is saved as a conversation summary.
/// Unknown accounts get <see cref="FirstConversation"/>, which reveals nothing about any case.
/// </summary>
public static class PlanConversation
{
    public const string Id = "main";
    public const string PlanId = "plan";
    public const string CheckInId = "plan.checkin";
    public const string NewActivityId = "plan.new";

    private const string Done = "done";
    private const string NotYet = "not-yet";
    private const string NeedHelp = "need-help";
    private const string NewDate = "new-date";
    private const string Drop = "drop";
    private const string WelcomedFlag = "welcomed";

    private static readonly IReadOnlyList<PromptChoice> CheckInChoices =
    [
        new(Done, "choice.done", ["ferdig", "gjort", "jepp", "ja"]),
        new(NotYet, "choice.not_yet", ["nei", "ikke enda", "ikke nå", "ikkje enno", "ikke ferdig"]),
        new(NeedHelp, "choice.need_help", ["hjelp", "trenger hjelp", "vil ha hjelp"]),
    ];

    private static readonly IReadOnlyList<PromptChoice> NewDateOrDrop =
    [
        new(NewDate, "choice.new_date", ["ny dato", "en annen dag", "flytte"]),
        new(Drop, "choice.drop", ["dropp", "droppe", "fjern", "slett"]),
    ];

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [RouteAsync]),
        new WaterfallDialog(PlanId, [WelcomeAsync, StartCheckInAsync, AskNewAsync, MaybeNewAsync, RecapAsync, SaveOrCorrectAsync, SaveCorrectedAsync]),
        new WaterfallDialog(CheckInId, [AskActivityAsync, HandleAnswerAsync, HandleNotYetAsync, HandleNewDateAsync]),
        new WaterfallDialog(NewActivityId, [AskWhatAsync, AskWhenAsync, SaveNewAsync]),
    ];

    // ---- main: who is this about? ----

    private static async Task<DialogTurnResult> RouteAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonResolver.ResolveAsync(step.Turn, step.Turn.Get<IPlanStore>(), ct).ConfigureAwait(false);
        return person is null
            ? await step.ReplaceDialogAsync(FirstConversation.Id, null, ct).ConfigureAwait(false)
            : await step.ReplaceDialogAsync(PlanId, new JsonObject { ["person"] = person.Id.Value }, ct).ConfigureAwait(false);
    }

    // ---- plan: welcome, check-in, new, recap ----

    private static async Task<DialogTurnResult> WelcomeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        step.Values["person"] = person.Id.Value;
        step.Values["name"] = person.FirstName;
        if (step.Turn.UserState[WelcomedFlag] is null)
        {
            var veileder = await step.Turn.Get<IPlanStore>().FindVeilederAsync(person.VeilederId, ct).ConfigureAwait(false);
            step.Turn.SendText("welcome.intro", Args(("name", person.FirstName)));
            step.Turn.SendText("welcome.privacy", Args(("veileder", veileder?.FirstName ?? "veilederen din")));
            step.Turn.UserState[WelcomedFlag] = step.Turn.Clock.GetUtcNow();
        }
        else
        {
            step.Turn.SendText("welcome.back", Args(("name", person.FirstName)));
        }

        return await step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "welcome.ask_time" }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> StartCheckInAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (!step.ResultAs<bool>())
        {
            step.Turn.SendText("welcome.later");
            return await step.EndAsync(null, ct).ConfigureAwait(false);
        }

        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        var today = Today(step.Turn);
        var current = (await step.Turn.Get<IPlanStore>().ActivitiesAsync(person.Id, ct).ConfigureAwait(false))
            .Where(a => a.IsCurrent(today))
            .Select(a => JsonValue.Create(a.Id.Value))
            .ToArray<JsonNode?>();
        return await step.BeginDialogAsync(CheckInId, new JsonObject
        {
            ["person"] = person.Id.Value,
            ["activities"] = new JsonArray(current),
            ["index"] = 0,
            ["lines"] = new JsonArray(),
        }, ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskNewAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("lines");
        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "new.ask" }, ct);
    }

    private static Task<DialogTurnResult> MaybeNewAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.ResultAs<bool>()
            ? step.BeginDialogAsync(NewActivityId, new JsonObject { ["person"] = step.Values["person"]?.DeepClone() }, ct)
            : step.NextAsync(null, ct);

    private static Task<DialogTurnResult> RecapAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var lines = (step.Values["lines"] as JsonArray)?.Select(n => (string?)n).OfType<string>().ToList() ?? [];
        if (step.Result?.GetValue<string>() is { } newLine)
        {
            lines.Add(newLine);
        }

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
            PersonId = new PersonId(step.Values["person"]!.GetValue<Guid>()),
            ChannelId = step.Turn.Conversation.ChannelId,
            ConversationId = step.Turn.Conversation.ConversationId,
            Text = step.ValueAs<string>("summary")!,
            Confirmed = confirmed,
            Correction = correction,
            CreatedAt = step.Turn.Clock.GetUtcNow(),
        });

    // ---- check-in: one activity per round, looping with ReplaceDialog ----

    private static async Task<DialogTurnResult> AskActivityAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var options = (JsonObject)step.Options!;
        var ids = (JsonArray)options["activities"]!;
        var index = (int)options["index"]!;
        if (index >= ids.Count)
        {
            return await step.EndAsync(options["lines"]?.DeepClone(), ct).ConfigureAwait(false);
        }

        var activity = await ActivityAsync(step, ct).ConfigureAwait(false);
        return await step.PromptAsync(StandardPrompts.Choice, new PromptOptions
        {
            Prompt = "checkin.ask",
            Args = Args(("title", activity.Title)),
            Choices = CheckInChoices,
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
                return await NextActivityAsync(step, "recap.line.done", title, ct).ConfigureAwait(false);

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
                return await NextActivityAsync(step, "recap.line.help", title, ct).ConfigureAwait(false);

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
        return await NextActivityAsync(step, "recap.line.dropped", Args(("title", activity.Title)), ct).ConfigureAwait(false);
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
        return await NextActivityAsync(step, "recap.line.moved", args, ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> NextActivityAsync(
        WaterfallStepContext step, TextId line, IReadOnlyDictionary<string, string> args, CancellationToken ct)
    {
        var options = (JsonObject)step.Options!.DeepClone();
        options["index"] = (int)options["index"]! + 1;
        ((JsonArray)options["lines"]!).Add(step.Turn.Texts.Render(line, args));
        return step.ReplaceDialogAsync(CheckInId, options, ct);
    }

    // ---- something new, in the person's own words ----

    private static Task<DialogTurnResult> AskWhatAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(StandardPrompts.Text, new PromptOptions { Prompt = "new.ask_what" }, ct);

    private static Task<DialogTurnResult> AskWhenAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep("what");
        return step.PromptAsync(StandardPrompts.DateTime, new PromptOptions { Prompt = "new.ask_when" }, ct);
    }

    private static Task<DialogTurnResult> SaveNewAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var when = step.ResultAs<DateTimeResolution>()!;
        var what = step.ValueAs<string>("what")!;
        step.Turn.Get<IPlanStore>().Add(new PlanActivity
        {
            Id = ActivityId.New(),
            PersonId = new PersonId(step.Options!["person"]!.GetValue<Guid>()),
            Title = what,
            Type = ActivityType.JobbrettetEgenaktivitet,
            Status = ActivityStatus.Forslag,
            FromDate = when.Date,
            ToDate = when.Date,
            Agreed = false,
            LastChangedBy = ChangedBy.Bot,
            NeedsVeilederReview = true,
            UpdatedAt = step.Turn.Clock.GetUtcNow(),
        });
        step.Turn.SendText("new.saved");
        return step.EndAsync(step.Turn.Texts.Render("recap.line.new", Args(("title", what), ("date", NorwegianDates.Format(when.Date)))), ct);
    }

    // ---- helpers ----

    private static async Task<Person> PersonAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var id = (step.Values["person"] ?? step.Options?["person"])?.GetValue<Guid>()
            ?? throw new InvalidOperationException("The plan conversation lost track of the person.");
        return await step.Turn.Get<IPlanStore>().FindPersonAsync(new PersonId(id), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The person of this conversation no longer exists.");
    }

    private static async Task<PlanActivity> ActivityAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var options = (JsonObject)step.Options!;
        var id = ((JsonArray)options["activities"]!)[(int)options["index"]!]!.GetValue<Guid>();
        return await step.Turn.Get<IPlanStore>().FindActivityAsync(new ActivityId(id), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("An activity in the check-in no longer exists.");
    }

    private static void Change(WaterfallStepContext step, PlanActivity activity, Action<PlanActivity> change)
    {
        change(activity);
        activity.LastChangedBy = ChangedBy.Bot;
        activity.NeedsVeilederReview = true;
        activity.UpdatedAt = step.Turn.Clock.GetUtcNow();
    }

    private static DateOnly Today(ITurnContext turn) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(turn.Clock.GetUtcNow(), DateTimeRecognizer.Oslo).DateTime);

    private static Dictionary<string, string> Args(params (string Name, string Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
}
