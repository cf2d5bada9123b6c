using System.Globalization;
using System.Text.Json.Nodes;
using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Dialogue.Plan.Identity;
using static Dialogue.Plan.Conversations.ConversationSupport;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// The conversation with someone the bot does not know: a phone number on no case (or on more than one: a shared
/// phone), or a chat account not linked to a case. It says honestly that this is NAV's chatbot, that it does not know
/// who they are and so cannot see or talk about any case, and offers general answers, a message to the NAV office,
/// and on web chat a link code from the veileder. Everyone it does not know gets exactly the same words, so nothing
/// tells whether a number or a person is known to NAV.
/// </summary>
public static class StrangerConversation
{
    public const string Id = "stranger";
    public const string QuestionId = "stranger.question";
    public const string OfferId = "stranger.offer";
    public const string MessageId = "stranger.message";
    public const string CodeId = "stranger.code";

    // Prompts of their own: what is typed there is the person's own question, message or contact, never an
    // interruption (see TakesQuestionsItself), and "ring meg" there is part of it, not a request for a person.
    private const string MenuPrompt = "stranger.prompt.menu";
    private const string QuestionPrompt = "stranger.prompt.question";
    private const string MessagePrompt = "stranger.prompt.message";
    private const string ContactPrompt = "stranger.prompt.contact";
    private const string CodePrompt = "stranger.prompt.code";

    private const string TextKey = "text";
    private const string ContactKey = "contact";
    private const string IntroducedKey = "introduced";

    private const string AskQuestion = "question";
    private const string LeaveMessage = "message";
    private const string HaveCode = "code";

    /// <summary>True for the prompts where a question is the answer, so a general question there is not answered on the side.</summary>
    public static bool TakesQuestionsItself(string? dialogId) =>
        dialogId is MenuPrompt or QuestionPrompt or MessagePrompt or ContactPrompt;

    /// <param name="answerWithinWorkdays">How soon the office answers a message (<c>Enquiries:AnswerWithinWorkdays</c>).</param>
    public static IEnumerable<Dialog> Dialogs(int answerWithinWorkdays) =>
    [
        new WaterfallDialog(Id, [IntroAndMenuAsync, ChosenAsync]),
        new WaterfallDialog(QuestionId, [AskQuestionAsync, AnswerQuestionAsync]),
        new WaterfallDialog(OfferId, [OfferAsync, OfferAnsweredAsync]),
        new WaterfallDialog(MessageId,
        [
            AskMessageAsync,
            AskContactAsync,
            RecapMessageAsync,
            (step, ct) => SendMessageAsync(step, answerWithinWorkdays, ct),
        ]),
        new WaterfallDialog(CodeId, [AskCodeAsync, CheckCodeAsync]),
        new ChoicePrompt(MenuPrompt, MenuAnswerAsync),
        new TextPrompt(QuestionPrompt) { OwnWords = true },
        new TextPrompt(MessagePrompt) { OwnWords = true },
        new TextPrompt(ContactPrompt) { OwnWords = true },
        new TextPrompt(CodePrompt),
    ];

    /// <summary>
    /// Someone not linked to a case asked something only their case could answer: nothing is looked up; they are
    /// offered to send it to the office as a message.
    /// </summary>
    public static Task OfferToSendAsync(DialogContext dc, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        return dc.BeginDialogAsync(OfferId, new JsonObject { [TextKey] = question }, cancellationToken);
    }

    private static Task<DialogTurnResult> IntroAndMenuAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.Options?[IntroducedKey] is null)
        {
            step.Turn.SendText("stranger.intro");
        }

        List<PromptChoice> choices =
        [
            new(AskQuestion, "stranger.choice.question", ["spørsmål", "spørre", "lurer på noe"]),
            new(LeaveMessage, "stranger.choice.message", ["melding", "beskjed", "sende melding", "skrive til nav"]),
        ];
        if (LinkCodeAttempt.Offered(step.Turn))
        {
            choices.Add(new(HaveCode, "stranger.choice.code", ["kode", "koden", "har kode"]));
        }

        return step.PromptAsync(MenuPrompt, new PromptOptions { Prompt = "stranger.menu.ask", Choices = choices }, ct);
    }

    /// <summary>A choice from the menu, or, instead of a choice, a question or a message in the person's own words.</summary>
    private static Task<bool> MenuAnswerAsync(PromptValidatorContext<string> context, CancellationToken ct)
    {
        var text = context.Turn.Activity.Text;
        return Task.FromResult(context.Recognized.Succeeded
            || QuestionRecognizer.LooksLikeQuestion(text)
            || NorwegianNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3);
    }

    private static Task<DialogTurnResult> ChosenAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.ResultAs<string>() switch
        {
            AskQuestion => step.ReplaceDialogAsync(QuestionId, null, ct),
            LeaveMessage => step.ReplaceDialogAsync(MessageId, null, ct),
            HaveCode => step.ReplaceDialogAsync(CodeId, null, ct),
            _ => AnswerOrOfferAsync(step, step.Turn.Activity.Text ?? string.Empty, ct),
        };

    private static Task<DialogTurnResult> AskQuestionAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.PromptAsync(QuestionPrompt, new PromptOptions { Prompt = "stranger.question.ask" }, ct);

    private static Task<DialogTurnResult> AnswerQuestionAsync(WaterfallStepContext step, CancellationToken ct) =>
        AnswerOrOfferAsync(step, step.ResultAs<string>()!, ct);

    /// <summary>A general question gets its plain answer; anything else cannot be answered without a case.</summary>
    private static Task<DialogTurnResult> AnswerOrOfferAsync(WaterfallStepContext step, string text, CancellationToken ct)
    {
        if (QuestionRecognizer.Recognize(text) is { } match)
        {
            step.Turn.SendText(QuestionInterruption.AnswerTo(match.Topic));
            step.Turn.SendText("stranger.question.more");
            return step.EndAsync(null, ct);
        }

        return step.ReplaceDialogAsync(OfferId, new JsonObject { [TextKey] = text.Trim(), [IntroducedKey] = true }, ct);
    }

    private static Task<DialogTurnResult> OfferAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Turn.SendText(step.Options?[IntroducedKey] is null ? "stranger.intro" : "stranger.no_case");
        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "stranger.offer.ask" }, ct);
    }

    private static Task<DialogTurnResult> OfferAnsweredAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (step.ResultAs<bool>())
        {
            return step.ReplaceDialogAsync(MessageId, new JsonObject { [TextKey] = step.Options?[TextKey]?.DeepClone() }, ct);
        }

        step.Turn.SendText("stranger.offer.no");
        return step.EndAsync(null, ct);
    }

    private static Task<DialogTurnResult> AskMessageAsync(WaterfallStepContext step, CancellationToken ct) =>
        step.Options?[TextKey] is JsonValue given
            ? step.NextAsync(given.DeepClone(), ct)
            : step.PromptAsync(MessagePrompt, new PromptOptions { Prompt = "stranger.message.ask" }, ct);

    private static Task<DialogTurnResult> AskContactAsync(WaterfallStepContext step, CancellationToken ct)
    {
        step.Keep(TextKey);
        var sms = !KnownChannels.SupportsSuggestedActions(step.Turn.Conversation.ChannelId);
        return step.PromptAsync(ContactPrompt, new PromptOptions
        {
            Prompt = sms ? "stranger.contact.ask_sms" : "stranger.contact.ask_web",
            Choices = sms ? null : [new PromptChoice("skip", "stranger.choice.skip")],
        }, ct);
    }

    private static Task<DialogTurnResult> RecapMessageAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var answer = step.ResultAs<string>();
        var contact = Phrases.IsSkip(answer) || YesNoRecognizer.Recognize(answer) == false ? null : answer?.Trim();
        step.Values[ContactKey] = contact;

        // On SMS the message is not repeated: a preview on a lock screen must not show what was written.
        if (KnownChannels.SupportsSuggestedActions(step.Turn.Conversation.ChannelId))
        {
            step.Turn.SendText("stranger.message.recap", Args(("message", step.ValueAs<string>(TextKey)!)));
        }
        else
        {
            step.Turn.SendText("stranger.message.recap_sms");
        }

        if (contact is not null)
        {
            step.Turn.SendText("stranger.message.recap_contact", Args(("contact", contact)));
        }

        return step.PromptAsync(StandardPrompts.Confirm, new PromptOptions { Prompt = "stranger.message.confirm" }, ct);
    }

    private static async Task<DialogTurnResult> SendMessageAsync(WaterfallStepContext step, int answerWithinWorkdays, CancellationToken ct)
    {
        var turn = step.Turn;
        if (!step.ResultAs<bool>())
        {
            turn.SendText("stranger.message.not_sent");
            return await step.EndAsync(null, ct).ConfigureAwait(false);
        }

        var inbox = turn.Get<IOfficeInbox>();
        var contact = step.ValueAs<string>(ContactKey);
        var sender = turn.Activity.From?.Id ?? string.Empty;
        var sms = !KnownChannels.SupportsSuggestedActions(turn.Conversation.ChannelId);
        inbox.Add(new OfficeMessage
        {
            Id = Guid.NewGuid(),
            OfficeId = await inbox.ReceptionOfficeAsync(ct).ConfigureAwait(false),
            ChannelId = turn.Conversation.ChannelId,
            ConversationId = turn.Conversation.ConversationId,
            SenderAddress = sms && PhoneNumber.TryParse(sender, out var phone) ? phone.E164 : sender,
            Text = Cap(step.ValueAs<string>(TextKey)!, OfficeMessage.MaxTextLength),
            ContactInfo = contact is null ? null : Cap(contact, OfficeMessage.MaxContactLength),
            ReceivedAt = turn.Clock.GetUtcNow(),
        });

        // On SMS the office can always answer to the number; a web chat without contact details cannot be answered.
        if (sms || contact is not null)
        {
            turn.SendText("stranger.message.sent", Args(("days", answerWithinWorkdays.ToString(CultureInfo.InvariantCulture))));
        }
        else
        {
            turn.SendText("stranger.message.sent_no_contact");
        }

        return await step.EndAsync(null, ct).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskCodeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        if (LinkCodeAttempt.IsLocked(step.Turn))
        {
            step.Turn.SendText("link.locked");
            return step.EndAsync(null, ct);
        }

        return step.PromptAsync(CodePrompt, new PromptOptions { Prompt = "stranger.code.ask" }, ct);
    }

    /// <summary>
    /// A well-formed code never gets here (<see cref="LinkCodeInterruption"/> takes it first, anywhere). Digits of the
    /// wrong length are a typo: asked again, not counted. Words mean they have no code after all.
    /// </summary>
    private static async Task<DialogTurnResult> CheckCodeAsync(WaterfallStepContext step, CancellationToken ct)
    {
        var text = step.ResultAs<string>();
        if (LinkCodes.TryRead(text, out var code))
        {
            return await LinkCodeAttempt.TryAsync(step.Dialogs, code, ct).ConfigureAwait(false) == LinkOutcome.Wrong
                ? await step.ReplaceDialogAsync(CodeId, null, ct).ConfigureAwait(false)
                : DialogTurnResult.Waiting;
        }

        if (text?.Any(char.IsAsciiDigit) == true)
        {
            step.Turn.SendText("link.format");
            return await step.ReplaceDialogAsync(CodeId, null, ct).ConfigureAwait(false);
        }

        step.Turn.SendText("stranger.code.none");
        return await step.ReplaceDialogAsync(Id, new JsonObject { [IntroducedKey] = true }, ct).ConfigureAwait(false);
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];
}
