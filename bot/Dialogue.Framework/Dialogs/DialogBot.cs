using System.Text.Json.Nodes;
using Dialogue.Framework.Prompts;
using Dialogue.Framework.Protocol;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;

namespace Dialogue.Framework.Dialogs;

/// <summary>
/// A bot that runs a dialog stack: global commands first (STOPP, AVBRYT, HJELP, VEILEDER, START, also misspelt),
/// then the active dialog, and the root dialog when nothing is active. It greets first when a person joins.
/// VEILEDER either says how to reach a person and asks the current question again, or, when the bot has a dialog for
/// it (<c>humanDialogId</c>), drops what was going on and starts that dialog — except where the person is writing their
/// own message (<see cref="Dialog.TakesOwnWords"/>), which keeps a request for a person as part of what they wrote.
/// </summary>
public class DialogBot : IBot
{
    public static readonly TextId StoppedText = new("interrupt.stopped");
    public static readonly TextId HelpText = new("interrupt.help");
    public static readonly TextId SmsHelpText = new("sms.help");
    public static readonly TextId HumanText = new("interrupt.human");
    public static readonly TextId ExpiredText = new("dialog.expired");

    private const string LastMessageProperty = "lastMessageAt";

    private readonly DialogSet _dialogs;
    private readonly string _rootDialogId;
    private readonly TimeSpan? _expireAfter;
    private readonly IReadOnlyList<IInterruption> _interruptions;
    private readonly string? _humanDialogId;
    private readonly IReadOnlySet<string> _startEvents;

    /// <param name="dialogs">Every dialog the bot may run.</param>
    /// <param name="rootDialogId">The dialog started when nothing is active.</param>
    /// <param name="expireAfter">
    /// A conversation left unanswered this long is closed quietly (no reminders); the next message starts afresh
    /// with a one-line note that the last one was not finished. Null: never.
    /// </param>
    /// <param name="interruptions">Checked in order after the global commands, before the active dialog.</param>
    /// <param name="humanDialogId">
    /// The dialog VEILEDER starts (e.g. a call-me request), after cancelling whatever was going on: the person asked
    /// for a human, and the current questions can wait. While it runs, a request for a human is its answer
    /// ("ring meg i morgen"), not a new start. Null: VEILEDER tells how to reach a person (<see cref="HumanText"/>)
    /// and the current question is asked again.
    /// </param>
    /// <param name="startEvents">
    /// Names of event activities that start the root dialog afresh (the bot begins a conversation itself, e.g. a
    /// scheduled check-in): whatever was going on is dropped and the root dialog sees the event.
    /// </param>
    public DialogBot(
        DialogSet dialogs, string rootDialogId, TimeSpan? expireAfter = null, IEnumerable<IInterruption>? interruptions = null,
        string? humanDialogId = null, IEnumerable<string>? startEvents = null)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        _ = dialogs.Get(rootDialogId);
        if (humanDialogId is not null)
        {
            _ = dialogs.Get(humanDialogId);
        }

        _dialogs = dialogs;
        _rootDialogId = rootDialogId;
        _expireAfter = expireAfter;
        _interruptions = interruptions?.ToList() ?? [];
        _humanDialogId = humanDialogId;
        _startEvents = new HashSet<string>(startEvents ?? [], StringComparer.Ordinal);
    }

    public async Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var dc = new DialogContext(_dialogs, turn);
        switch (turn.Activity.Type)
        {
            case ActivityTypes.Message:
                ExpireIfSilent(dc);
                if (CommandRecognizer.Recognize(turn.Activity.Text) is { } command
                    && await OnCommandAsync(dc, command, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                foreach (var interruption in _interruptions)
                {
                    if (await interruption.TryHandleAsync(dc, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                var result = await dc.ContinueDialogAsync(cancellationToken).ConfigureAwait(false);
                if (result.Status == DialogTurnStatus.Empty)
                {
                    await dc.BeginDialogAsync(_rootDialogId, null, cancellationToken).ConfigureAwait(false);
                }

                break;

            case ActivityTypes.Event when turn.Activity.Name is { } name && _startEvents.Contains(name):
                // The bot speaks first: the answer to it must not count as the end of a long silence.
                dc.CancelAllDialogs();
                turn.ConversationState[LastMessageProperty] = turn.Clock.GetUtcNow();
                await dc.BeginDialogAsync(_rootDialogId, null, cancellationToken).ConfigureAwait(false);
                break;

            case ActivityTypes.ConversationUpdate when PersonJoined(turn.Activity) && dc.Depth == 0:
                await dc.BeginDialogAsync(_rootDialogId, null, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Handles a global command before the active dialog sees the message. Returns false to let the dialog have it.</summary>
    protected virtual async Task<bool> OnCommandAsync(DialogContext dc, GlobalCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dc);
        switch (command)
        {
            case GlobalCommand.Stop:
            case GlobalCommand.Cancel:
                dc.CancelAllDialogs();
                dc.Turn.SendText(StoppedText);
                return true;
            case GlobalCommand.Help:
                // On SMS, STOPP also stops every SMS, and the help says so (GSM-7, short).
                dc.Turn.SendText(string.Equals(dc.Turn.Conversation.ChannelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase)
                    ? SmsHelpText
                    : HelpText);
                await dc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case GlobalCommand.Human when TakesOwnWords(dc):
                return false;
            case GlobalCommand.Human when _humanDialogId is null:
                dc.Turn.SendText(HumanText);
                await dc.RepromptDialogAsync(cancellationToken).ConfigureAwait(false);
                return true;
            case GlobalCommand.Human when dc.IsRunning(_humanDialogId):
                return false;
            case GlobalCommand.Human:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(_humanDialogId, null, cancellationToken).ConfigureAwait(false);
                return true;
            case GlobalCommand.Start:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(_rootDialogId, null, cancellationToken).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The person is writing their own message ("Dere må ringe meg" to the office): it is kept as written.</summary>
    private static bool TakesOwnWords(DialogContext dc) =>
        dc.ActiveDialog is { } active && dc.Dialogs.Find(active.Id)?.TakesOwnWords == true;

    private void ExpireIfSilent(DialogContext dc)
    {
        var state = dc.Turn.ConversationState;
        var now = dc.Turn.Clock.GetUtcNow();
        if (_expireAfter is { } expiry
            && dc.Depth > 0
            && state[LastMessageProperty] is JsonValue last
            && last.TryGetValue<DateTimeOffset>(out var lastAt)
            && now - lastAt > expiry)
        {
            dc.CancelAllDialogs();
            dc.Turn.SendText(ExpiredText);
        }

        state[LastMessageProperty] = now;
    }

    private static bool PersonJoined(Activity activity) =>
        activity.MembersAdded?.Any(m => m.Id is not null && m.Id != activity.Recipient?.Id) == true;
}
