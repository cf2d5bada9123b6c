using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// What the plan dialogs share. Every dialog gets the person's id in its options (<c>"person"</c>) and ends with the
/// recap lines it produced (a JSON array of strings), which the plan dialog collects for the summary.
/// </summary>
internal static class ConversationSupport
{
    public const string PersonKey = "person";
    public const string LinesKey = "lines";

    public static Dictionary<string, string> Args(params (string Name, string Value)[] args) =>
        args.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);

    public static DateOnly Today(ITurnContext turn) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(turn.Clock.GetUtcNow(), DateTimeRecognizer.Oslo).DateTime);

    public static string LocalTime(DateTimeOffset at) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, DateTimeRecognizer.Oslo).DateTime).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static DateOnly LocalDate(DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, DateTimeRecognizer.Oslo).DateTime);

    public static PersonId PersonIdOf(WaterfallStepContext step)
    {
        var id = (step.Values[PersonKey] ?? step.Options?[PersonKey])?.GetValue<Guid>()
            ?? throw new InvalidOperationException("The conversation lost track of the person.");
        return new PersonId(id);
    }

    public static async Task<Person> PersonAsync(WaterfallStepContext step, CancellationToken ct) =>
        await step.Turn.Get<IPlanStore>().FindPersonAsync(PersonIdOf(step), ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The person of this conversation no longer exists.");

    /// <summary>Options for a child dialog about the same person.</summary>
    public static JsonObject ForPerson(WaterfallStepContext step) => new() { [PersonKey] = PersonIdOf(step).Value };

    /// <summary>Adds what the previous child dialog returned (a line or an array of lines) to this dialog's recap lines.</summary>
    public static void CollectLines(WaterfallStepContext step)
    {
        if (step.Values[LinesKey] is not JsonArray lines)
        {
            lines = [];
            step.Values[LinesKey] = lines;
        }

        switch (step.Result)
        {
            case JsonArray array:
                foreach (var line in array)
                {
                    lines.Add(line?.DeepClone());
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var line):
                lines.Add(line);
                break;
        }
    }

    public static List<string> Lines(WaterfallStepContext step) =>
        (step.Values[LinesKey] as JsonArray)?.Select(n => (string?)n).OfType<string>().ToList() ?? [];

    private const string WelcomedFlag = "welcomed";

    /// <summary>
    /// On first contact: who the bot is, what is saved and who reads it, and the way to a person (two messages).
    /// Returns false when the person has been welcomed before.
    /// </summary>
    public static async Task<bool> WelcomeIfFirstContactAsync(ITurnContext turn, Person person, CancellationToken ct)
    {
        if (turn.UserState[WelcomedFlag] is not null)
        {
            return false;
        }

        var veileder = await VeilederFirstNameAsync(turn, person.VeilederId, ct).ConfigureAwait(false);
        turn.SendText("welcome.intro", Args(("name", person.FirstName)));
        turn.SendText("welcome.privacy", Args(("veileder", veileder)));
        turn.UserState[WelcomedFlag] = turn.Clock.GetUtcNow();
        return true;
    }

    /// <summary>
    /// What is saved and who reads it (one message), for a first contact the bot started itself (a scheduled check-in,
    /// whose opener already said who it is). Marks the person as welcomed.
    /// </summary>
    public static async Task PrivacyNoticeAsync(ITurnContext turn, Person person, CancellationToken ct)
    {
        var veileder = await VeilederFirstNameAsync(turn, person.VeilederId, ct).ConfigureAwait(false);
        turn.SendText("welcome.privacy", Args(("veileder", veileder)));
        turn.UserState[WelcomedFlag] = turn.Clock.GetUtcNow();
    }

    /// <summary>The first name people know their veileder by. Every case and meeting has one (the database enforces it).</summary>
    public static async Task<string> VeilederFirstNameAsync(ITurnContext turn, VeilederId id, CancellationToken ct) =>
        (await turn.Get<IPlanStore>().FindVeilederAsync(id, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Veileder {id} does not exist.")).FirstName;

    public static bool IsWelcomed(ITurnContext turn) => turn.UserState[WelcomedFlag] is not null;

    public static JsonArray Line(ITurnContext turn, TextId id, IReadOnlyDictionary<string, string>? args = null) =>
        [turn.Texts.Render(id, args)];
}

/// <summary>
/// A dialog that goes through a list of items one per round (activities, appointments, questions), restarting itself
/// with <see cref="DialogContext.ReplaceDialogAsync"/> for the next item and ending with the lines it collected.
/// Options: <c>{"person": ..., "items": [...], "index": n, "lines": [...]}</c>.
/// </summary>
internal static class ItemLoop
{
    private const string ItemsKey = "items";
    private const string IndexKey = "index";

    public static JsonObject Start(WaterfallStepContext step, IEnumerable<JsonNode?> items) => new()
    {
        [ConversationSupport.PersonKey] = ConversationSupport.PersonIdOf(step).Value,
        [ItemsKey] = new JsonArray([.. items]),
        [IndexKey] = 0,
        [ConversationSupport.LinesKey] = new JsonArray(),
    };

    /// <summary>The current item, or null when the list is done.</summary>
    public static JsonNode? Current(WaterfallStepContext step)
    {
        var options = (JsonObject)step.Options!;
        var items = (JsonArray)options[ItemsKey]!;
        var index = (int)options[IndexKey]!;
        return index < items.Count ? items[index] : null;
    }

    public static Task<DialogTurnResult> EndAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.EndAsync(step.Options![ConversationSupport.LinesKey]?.DeepClone(), ct);

    /// <summary>Moves on to the next item, keeping <paramref name="line"/> for the recap.</summary>
    public static Task<DialogTurnResult> NextAsync(WaterfallStepContext step, string dialogId, string? line, CancellationToken ct)
    {
        var options = (JsonObject)step.Options!.DeepClone();
        options[IndexKey] = (int)options[IndexKey]! + 1;
        if (line is not null)
        {
            ((JsonArray)options[ConversationSupport.LinesKey]!).Add(line);
        }

        return step.ReplaceDialogAsync(dialogId, options, ct);
    }
}

/// <summary>Everyday ways of saying "I don't know" and "skip this question".</summary>
internal static class Phrases
{
    private static readonly HashSet<string> DontKnow = new(StringComparer.Ordinal)
    {
        "vet ikke", "vet ikke helt", "veit ikke", "vet ik", "vett ikke", "aner ikke", "ingen anelse", "usikker",
        "vet ikke enda", "vet ikke ennå", "hmm", "tja",
    };

    private static readonly HashSet<string> Skip = new(StringComparer.Ordinal)
    {
        "hopp over", "hopp", "hoppe over", "hopp over den", "skip", "pass", "vil ikke svare", "vil ikke svare på det",
        "neste", "hop over", "hoppover",
    };

    public static bool IsDontKnow(string? text) =>
        DontKnow.Contains(NorwegianNormalizer.Normalize(text)) || (text?.Trim() is { Length: > 0 } t && t.All(c => c == '?'));

    private static readonly HashSet<string> GoalRequest = new(StringComparer.Ordinal)
    {
        "mål", "målet", "målet mitt", "mitt mål", "nytt mål", "endre mål", "endre målet", "endre målet mitt",
        "nytt mål for meg", "jeg vil endre målet", "jeg vil endre målet mitt", "jeg har et nytt mål", "oppdatere målet",
    };

    public static bool IsSkip(string? text) => Skip.Contains(NorwegianNormalizer.Normalize(text));

    /// <summary>"mål", "nytt mål", "endre målet mitt": the person wants to see or change their goal.</summary>
    public static bool IsGoalRequest(string? text) => GoalRequest.Contains(NorwegianNormalizer.Normalize(text));
}
