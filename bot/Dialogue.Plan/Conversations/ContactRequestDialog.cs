using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Plan.Domain;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// A person asked for a human ("VEILEDER", "snakke med et menneske", "ring meg"): a call-me request to their veileder,
/// at normal priority. It asks when it suits (any words; "vet ikke" and "når som helst" are fine), and which number to
/// call when it does not know: on SMS the sender's number, elsewhere the person's only registered phone, else it asks
/// (someone without a phone may skip). The request is stored with the turn, and the person is told their veileder
/// knows and how to go on with the plan. Someone the bot does not know gets the usual way to reach NAV by phone and
/// nothing is stored — the same words whether or not the number is on some case.
/// </summary>
/// <remarks>
/// <see cref="DialogBot"/> starts this dialog for <see cref="GlobalCommand.Human"/> after cancelling the stack. A request
/// that already says when ("ring meg i morgen formiddag") is not asked again.
/// </remarks>
public static partial class ContactRequestDialog
{
    public const string Id = "contact-request";

    // Prompts of their own, so neither offers a person after answers that do not fit: this is the way to a person.
    private const string TimePrompt = "contact-request.prompt.time";
    private const string PhonePrompt = "contact-request.prompt.phone";

    private const string TimeTextKey = "timeText";
    private const string PreferredFromKey = "preferredFrom";
    private const string VeilederKey = "veileder";
    private const string NoPhone = "no-phone";

    private static readonly HashSet<string> AnyTime = new(StringComparer.Ordinal)
    {
        "når som helst", "nårsomhelst", "når du vil", "når dere vil", "når det passer", "når det passer deg", "uansett",
        "hele dagen", "alle dager", "spiller ingen rolle", "det spiller ingen rolle", "samme det", "same det", "snarest",
        "så fort som mulig", "så snart som mulig", "asap", "fort", "nå",
    };

    public static IEnumerable<Dialog> Dialogs() =>
    [
        new WaterfallDialog(Id, [StartAsync, NumberAsync, SaveAsync]),
        new TextPrompt(TimePrompt),
        new TextPrompt(PhonePrompt, PhoneAnswerAsync),
    ];

    private static async Task<DialogTurnResult> StartAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Turn;
        var person = await PersonResolver.ResolveAsync(turn, turn.Get<IPlanStore>(), ct).ConfigureAwait(false);
        if (person is null)
        {
            turn.SendText(DialogBot.HumanText);
            return await step.EndAsync(null, ct).ConfigureAwait(false);
        }

        step.Values[PersonKey] = person.Id.Value;
        await WelcomeIfFirstContactAsync(turn, person, ct).ConfigureAwait(false);
        var veileder = await VeilederFirstNameAsync(turn, person.VeilederId, ct).ConfigureAwait(false);
        step.Values[VeilederKey] = veileder;

        // "ring meg i morgen formiddag" already says when.
        var text = turn.Activity.Text?.Trim();
        if (turn.IsMessage() && DateTimeRecognizer.Recognize(text, turn.Clock.GetUtcNow(), DateTimeRecognizer.Oslo) is not null)
        {
            return await step.NextAsync(JsonValue.Create(text), ct).ConfigureAwait(false);
        }

        return await step.PromptAsync(TimePrompt, new PromptOptions
        {
            Prompt = "contact.ask_time",
            Args = Args(("veileder", veileder)),
            MaxAttempts = int.MaxValue,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> NumberAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Turn;
        var (words, from) = PreferredTime(turn, step.ResultAs<string>());
        step.Values[TimeTextKey] = words;
        step.Values[PreferredFromKey] = from;

        if (await KnownNumberAsync(step, ct).ConfigureAwait(false) is { } known)
        {
            return await step.NextAsync(JsonValue.Create(known.E164), ct).ConfigureAwait(false);
        }

        var web = KnownChannels.SupportsSuggestedActions(turn.Conversation.ChannelId);
        return await step.PromptAsync(PhonePrompt, new PromptOptions
        {
            Prompt = "contact.ask_phone",
            RetryPrompt = "contact.retry_phone",
            Choices = web ? [new PromptChoice(NoPhone, "contact.choice.no_phone")] : null,
            MaxAttempts = int.MaxValue,
        }, ct).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> SaveAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Turn;
        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        var phone = TryReadPhone(step.ResultAs<string>(), out var number) ? number : (PhoneNumber?)null;
        turn.Get<IPlanStore>().Add(new ContactRequest
        {
            Id = Guid.NewGuid(),
            PersonId = person.Id,
            OfficeId = person.OfficeId,
            VeilederId = person.VeilederId,
            Phone = phone,
            PreferredTimeText = step.ValueAs<string>(TimeTextKey),
            PreferredFrom = step.ValueAs<DateTimeOffset?>(PreferredFromKey),
            ChannelId = turn.Conversation.ChannelId,
            ConversationId = turn.Conversation.ConversationId,
            CreatedAt = turn.Clock.GetUtcNow(),
        });

        var veileder = Args(("veileder", step.ValueAs<string>(VeilederKey)!));
        turn.SendText(phone is null ? "contact.saved_no_phone" : "contact.saved", veileder);
        turn.SendText("contact.go_on");
        return await step.EndAsync(null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The person's words about when, and the earliest time they mean when the words can be read as one (never before
    /// now: "i dag" is from now). "vet ikke", "når som helst" and a repeated "ring meg" say no time.
    /// </summary>
    private static (string? Words, DateTimeOffset? From) PreferredTime(ITurnContext turn, string? answer)
    {
        var words = answer?.Trim();
        if (string.IsNullOrEmpty(words))
        {
            return (null, null);
        }

        if (words.Length > ContactRequest.MaxPreferredTimeLength)
        {
            words = words[..ContactRequest.MaxPreferredTimeLength];
        }

        var now = turn.Clock.GetUtcNow();
        var when = Phrases.IsDontKnow(words) || AnyTime.Contains(NorwegianNormalizer.Normalize(words))
            ? null
            : DateTimeRecognizer.Recognize(words, now, DateTimeRecognizer.Oslo);
        if (when is null && CommandRecognizer.Recognize(words) == GlobalCommand.Human)
        {
            return (null, null);
        }

        return (words, when is null ? null : (when.Value > now ? when.Value : now).ToUniversalTime());
    }

    /// <summary>On SMS the number the message came from; elsewhere the person's phone when they have exactly one.</summary>
    private static async Task<PhoneNumber?> KnownNumberAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var turn = step.Turn;
        if (!KnownChannels.SupportsSuggestedActions(turn.Conversation.ChannelId))
        {
            return PhoneNumber.TryParse(turn.Activity.From?.Id, out var sender) ? sender : null;
        }

        var person = await PersonAsync(step, ct).ConfigureAwait(false);
        return person.Phones is [var only] ? only.Number : null;
    }

    /// <summary>A phone number, alone or in a few words ("mitt nummer er 912 34 567"), or that the person has none.</summary>
    private static Task<bool> PhoneAnswerAsync(PromptValidatorContext<string> context, CancellationToken ct)
    {
        var answer = context.Recognized.Value;
        var fits = context.Recognized.Succeeded
            && (TryReadPhone(answer, out _) || SaysNoPhone(context.Turn, answer));
        return Task.FromResult(fits);
    }

    private static bool SaysNoPhone(ITurnContext turn, string? answer) =>
        Phrases.IsSkip(answer)
        || YesNoRecognizer.Recognize(answer) == false
        || NoPhoneWords.Contains(NorwegianNormalizer.Normalize(answer))
        || string.Equals(answer?.Trim(), turn.Texts.Render("contact.choice.no_phone"), StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> NoPhoneWords = new(StringComparer.Ordinal)
    {
        "har ikke", "jeg har ikke", "har ikke telefon", "jeg har ikke telefon", "har ingen telefon", "jeg har ingen telefon",
        "ingen telefon", "har ikke mobil", "jeg har ikke mobil", "har ingen mobil", "har ikke nummer", "har ikke noe nummer",
        "jeg har ikke noe nummer", "ingen", "ikke noe", "mistet telefonen", "jeg har mistet telefonen", "har mistet telefonen",
    };

    private static bool TryReadPhone(string? text, out PhoneNumber number)
    {
        number = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (PhoneNumber.TryParse(text, out number))
        {
            return true;
        }

        var found = PhoneLike().Matches(text);
        return found.Count == 1 && PhoneNumber.TryParse(found[0].Value, out number);
    }

    [GeneratedRegex(@"\+?[0-9][0-9 .\-]{6,}[0-9]", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneLike();
}
