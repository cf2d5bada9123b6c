using Dialogue.Framework.Prompts;
using Dialogue.Framework.Turns;
using Dialogue.Language;
using Dialogue.Language.Catalog;
using Dialogue.Plan.Domain;
using Microsoft.Extensions.Logging;

namespace Dialogue.Cases.Sms;

/// <summary>
/// STOPP (also STOP, AVSLUTT and the misspellings the command recognizer knows) on SMS opts the number out of every
/// SMS: one short confirmation that says how to come back, then silence until START. The messages of an opted-out
/// number are still stored in the inbox like any other; their turns just do not run, so nothing is answered and the
/// conversation does not move on unseen. START opts back in with a short confirmation, then the bot starts afresh.
/// </summary>
public sealed partial class SmsOptOutMiddleware(ILogger<SmsOptOutMiddleware> logger) : ITurnMiddleware
{
    public int Order => MiddlewareOrder.SmsOptOut;

    public static readonly TextId OptedOutText = new("sms.opted_out");
    public static readonly TextId OptedInText = new("sms.opted_in");

    public async Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (!string.Equals(turn.Conversation.ChannelId, KnownChannels.Sms, StringComparison.OrdinalIgnoreCase)
            || !turn.IsMessage()
            || !PhoneNumber.TryParse(turn.Activity.From?.Id, out var number))
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        var store = turn.Get<SmsOptOutStore>();
        var command = CommandRecognizer.Recognize(turn.Activity.Text);
        var optOut = await store.FindAsync(number, cancellationToken).ConfigureAwait(false);
        var now = turn.Clock.GetUtcNow();

        if (optOut is { IsOptedOut: true })
        {
            if (command != GlobalCommand.Start)
            {
                LogSilent(logger, turn.Activity.Id);
                return;
            }

            SmsOptOutStore.OptIn(optOut, now);
            LogOptedIn(logger, turn.Activity.Id);
            turn.SendText(OptedInText);
            await next(cancellationToken).ConfigureAwait(false); // START: the bot begins again as usual
            return;
        }

        if (command != GlobalCommand.Stop)
        {
            await next(cancellationToken).ConfigureAwait(false);
            return;
        }

        // The bot ends whatever dialog was going on; on SMS its goodbye is replaced by the opt-out confirmation.
        await next(cancellationToken).ConfigureAwait(false);
        turn.ClearReplies();
        store.OptOut(number, optOut, now, turn.Activity.Id);
        LogOptedOut(logger, turn.Activity.Id);
        turn.SendText(OptedOutText);
    }

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "SMS {ActivityId}: the number opted out (STOPP); no SMS goes to it until START")]
    private static partial void LogOptedOut(ILogger logger, string? activityId);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "SMS {ActivityId}: the number opted back in (START)")]
    private static partial void LogOptedIn(ILogger logger, string? activityId);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "SMS {ActivityId} from an opted-out number: stored, not answered")]
    private static partial void LogSilent(ILogger logger, string? activityId);
}
