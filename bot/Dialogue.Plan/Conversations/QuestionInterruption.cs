using Dialogue.Framework.Dialogs;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;

namespace Dialogue.Plan.Conversations;

/// <summary>
/// Questions from the person. A general question recognised with confidence (meldekort, utbetaling, åpningstider,
/// aktivitetsplan, BankID, how to reach the veileder) gets a short plain answer wherever the conversation is, and
/// the current question is asked again. Any other question, when no dialog is running, goes to the veileder as an
/// enquiry (henvendelse) and the person is told when to expect an answer; someone not linked to a case is offered
/// to send it to the NAV office as a message instead, and nothing is looked up or revealed.
/// </summary>
public sealed class QuestionInterruption(int answerWithinWorkdays) : IInterruption
{
    private static readonly IReadOnlyDictionary<QuestionTopic, TextId> Answers = new Dictionary<QuestionTopic, TextId>
    {
        [QuestionTopic.Meldekort] = "faq.meldekort",
        [QuestionTopic.Utbetaling] = "faq.utbetaling",
        [QuestionTopic.Apningstider] = "faq.apningstider",
        [QuestionTopic.Aktivitetsplan] = "faq.aktivitetsplan",
        [QuestionTopic.BankId] = "faq.bankid",
        [QuestionTopic.KontaktVeileder] = "faq.kontakt_veileder",
    };

    /// <summary>The plain answer to a general question.</summary>
    public static TextId AnswerTo(QuestionTopic topic) => Answers[topic];

    public async Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        var text = dc.Turn.Activity.Text;
        var isQuestion = QuestionRecognizer.LooksLikeQuestion(text);
        var inDialog = dc.Depth > 0;

        // In the middle of a question of ours, only a clear question is taken as one; otherwise it is an answer.
        // Where a question is the answer (a stranger's own question or message), it is never taken on the side.
        if (inDialog && (!isQuestion || StrangerConversation.TakesQuestionsItself(dc.ActiveDialog?.Id)))
        {
            return false;
        }

        if (QuestionRecognizer.Recognize(text) is { } match)
        {
            if (!inDialog && await ResolveAsync(dc, cancellationToken).ConfigureAwait(false) is { } known)
            {
                await ConversationSupport.WelcomeIfFirstContactAsync(dc.Turn, known, cancellationToken).ConfigureAwait(false);
            }

            dc.Turn.SendText(Answers[match.Topic]);
            await dc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (inDialog || !isQuestion)
        {
            return false;
        }

        var person = await ResolveAsync(dc, cancellationToken).ConfigureAwait(false);
        if (person is null)
        {
            await StrangerConversation.OfferToSendAsync(dc, text!.Trim(), cancellationToken).ConfigureAwait(false);
            return true;
        }

        dc.Turn.Get<IPlanStore>().Add(new Enquiry
        {
            Id = Guid.NewGuid(),
            PersonId = person.Id,
            OfficeId = person.OfficeId,
            Kind = EnquiryKind.Question,
            Text = text?.Trim(),
            CreatedAt = dc.Turn.Clock.GetUtcNow(),
        });
        await ConversationSupport.WelcomeIfFirstContactAsync(dc.Turn, person, cancellationToken).ConfigureAwait(false);
        dc.Turn.SendText("question.sent", ConversationSupport.Args(("days", answerWithinWorkdays.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return true;
    }

    private static Task<Person?> ResolveAsync(DialogContext dc, CancellationToken cancellationToken) =>
        PersonResolver.ResolveAsync(dc.Turn, dc.Turn.Get<IPlanStore>(), cancellationToken);
}
