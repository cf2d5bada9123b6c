using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// The questions a veileder asked the bot to put to the person: dagsform (a word or 1–5) and the life situation
/// (housing, money, health, substance use, network, daily routine — one question each, every one skippable).
/// Once asked, the request is cleared.
/// </summary>
internal static class RequestedQuestionsDialog
{
    public const string Id = "plan.requested";
    public const string MoodId = "plan.mood";
    public const string MoodPromptId = "prompt.mood";
    private const string LifeId = "plan.life";
    private const string LifeLoopId = "plan.life.topic";

    private static readonly IReadOnlyDictionary<LifeTopic, TextId> LifeQuestions = new Dictionary<LifeTopic, TextId>
    {
        [LifeTopic.Housing] = "life.housing",
        [LifeTopic.Money] = "life.money",
        [LifeTopic.Health] = "life.health",
        [LifeTopic.Substances] = "life.substances",
        [LifeTopic.Network] = "life.network",
        [LifeTopic.DailyRoutine] = "life.routine",
    };

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [MaybeMoodAsync, MaybeLifeAsync, DoneAsync]),
        new WaterfallDialog(MoodId, [AskMoodAsync, SaveMoodAsync]),
        new MoodPrompt(MoodPromptId),
        new WaterfallDialog(LifeId, [StartLifeAsync]),
        new WaterfallDialog(LifeLoopId, [AskLifeAsync, SaveLifeAsync]),
    ];

    private static async Task<DialogTurnResult> MaybeMoodAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        step.Values["requested"] = (int)person.RequestedQuestions;
        return person.RequestedQuestions.HasFlag(RequestedQuestions.Mood)
            ? await step.BeginDialogAsync(MoodId, ForPerson(step), ct).ConfigureAwait(false)
            : await step.NextAsync(null, ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> MaybeLifeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        CollectLines(step);
        var requested = (RequestedQuestions)step.ValueAs<int>("requested");
        return requested.HasFlag(RequestedQuestions.LifeSituation)
            ? step.BeginDialogAsync(LifeId, ForPerson(step), ct)
            : step.NextAsync(null, ct);
    }

    private static async Task<DialogTurnResult> DoneAsync(WaterfallStepContext step, CancellationToken ct)
    {
        CollectLines(step);
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        person.RequestedQuestions = RequestedQuestions.None;
        return await step.EndAsync(new JsonArray([.. Lines(step).Select(l => (JsonNode?)l)]), ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskMoodAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(MoodPromptId, new PromptOptions { Prompt = "mood.ask" }, ct);

    private static Task<DialogTurnResult> SaveMoodAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var mood = step.ResultAs<MoodAnswer>()!;
        step.Turn.Get<IPlanStore>().Add(new MoodEntry
        {
            Id = Guid.NewGuid(),
            PersonId = PersonIdOf(step),
            Score = mood.Score,
            Word = mood.Word,
            At = step.Turn.Clock.GetUtcNow(),
        });
        step.Turn.SendText(mood.Score <= 2 ? "mood.thanks_low" : "mood.thanks");
        return step.EndAsync(Line(step.Turn, "recap.line.mood", Args(("score", mood.Score.ToString(System.Globalization.CultureInfo.InvariantCulture)))), ct);
    }

    private static Task<DialogTurnResult> StartLifeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Turn.SendText("life.intro");
        var topics = LifeQuestions.Keys.Select(t => (JsonNode?)JsonValue.Create(t.ToString()));
        return step.ReplaceDialogAsync(LifeLoopId, ItemLoop.Start(step, topics), ct);
    }

    private static async Task<DialogTurnResult> AskLifeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (ItemLoop.Current(step) is not { } topic)
        {
            step.Turn.SendText("life.thanks");
            return await step.EndAsync(Line(step.Turn, "recap.line.life"), ct).ConfigureAwait(false);
        }

        return await step.PromptAsync(StandardPrompts.Text, new PromptOptions
        {
            Prompt = LifeQuestions[Enum.Parse<LifeTopic>(topic.GetValue<string>())],
        }, ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> SaveLifeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var answer = step.ResultAs<string>();
        step.Turn.Get<IPlanStore>().Add(new LifeSituationAnswer
        {
            Id = Guid.NewGuid(),
            PersonId = PersonIdOf(step),
            Topic = Enum.Parse<LifeTopic>(ItemLoop.Current(step)!.GetValue<string>()),
            Answer = Phrases.IsSkip(answer) ? null : answer,
            At = step.Turn.Clock.GetUtcNow(),
        });
        return ItemLoop.NextAsync(step, LifeLoopId, null, ct);
    }
}

/// <summary>Dagsform as the person said it: a score 1–5 and, when they answered in words, what they wrote.</summary>
public sealed record MoodAnswer(int Score, string? Word);

/// <summary>"Hvordan har du det i dag?" answered with a number 1–5 or a word ("bra", "sånn passe", "elendig").</summary>
public sealed class MoodPrompt(string id) : Prompt<MoodAnswer>(id, null)
{
    // Longest phrases first, so "ikke bra" is read before "bra".
    private static readonly (string Phrase, int Score)[] Words =
    [
        ("veldig dårlig", 1), ("helt jævlig", 1), ("kjempedårlig", 1), ("elendig", 1), ("forferdelig", 1), ("jævlig", 1), ("krise", 1),
        ("ikke så bra", 2), ("ikke bra", 2), ("ikke godt", 2), ("dårlig", 2), ("tungt", 2), ("dårli", 2),
        ("sånn passe", 3), ("helt ok", 3), ("middels", 3), ("passe", 3), ("greit", 3), ("grei", 3), ("ok", 3), ("okei", 3),
        ("veldig bra", 5), ("kjempebra", 5), ("supert", 5), ("strålende", 5), ("topp", 5), ("fantastisk", 5),
        ("bra", 4), ("fint", 4), ("godt", 4),
    ];

    protected override TextId DefaultRetryText => "prompt.retry.mood";

    protected override Recognized<MoodAnswer> Recognize(ITurnContext turn, PromptOptions options)
    {
        var text = turn.Activity.Text;
        if (NumberRecognizer.Recognize(text) is { } number)
        {
            return number is >= 1 and <= 5 ? Recognized<MoodAnswer>.Of(new MoodAnswer(number, null)) : Recognized<MoodAnswer>.Fail;
        }

        var normalized = $" {NorwegianNormalizer.Normalize(text)} ";
        foreach (var (phrase, score) in Words)
        {
            if (normalized.Contains($" {phrase} ", StringComparison.Ordinal))
            {
                // Keep what the person wrote, not our phrase: "sann passe", "helt jævlig i dag".
                var word = text!.Trim();
                return Recognized<MoodAnswer>.Of(new MoodAnswer(score, word.Length <= 100 ? word : word[..100]));
            }
        }

        return Recognized<MoodAnswer>.Fail;
    }
}
