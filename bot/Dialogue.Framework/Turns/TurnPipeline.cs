using Dialogue.Language.Catalog;
using Microsoft.Extensions.Logging;

namespace Dialogue.Framework.Turns;

public enum TurnOutcome
{
    /// <summary>The turn ran to the end: its state and replies may be committed.</summary>
    Completed,

    /// <summary>The turn threw: its state must not be committed; the replies hold one apology.</summary>
    Failed,
}

/// <summary>
/// Tells the pipeline which exceptions are passing failures of the infrastructure (the database went away or is
/// busy) rather than of the turn: those are not answered with an apology and a failed turn, but thrown to the caller,
/// which commits nothing, keeps the message stored and runs it again (or answers 503 so the channel sends it again).
/// </summary>
public interface ITransientFailures
{
    bool IsTransient(Exception exception);
}

/// <summary>
/// The adapter's core: runs the ordered middleware and then the bot for one turn. An exception inside the turn
/// is logged with the conversation id and turned into one short, friendly message to the user — except a transient
/// infrastructure failure (<see cref="ITransientFailures"/>), which is thrown so the turn runs again later.
/// </summary>
public sealed partial class TurnPipeline(
    IEnumerable<ITurnMiddleware> middleware, IBot bot, ILogger<TurnPipeline> logger, ITransientFailures? transient = null)
{
    public static readonly TextId ErrorText = new("error.general");

    private readonly ITurnMiddleware[] _middleware = [.. middleware.OrderBy(m => m.Order)]; // stable: ties keep registration order

    public async Task<TurnOutcome> RunAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        try
        {
            await RunFromAsync(0, turn, cancellationToken).ConfigureAwait(false);
            return TurnOutcome.Completed;
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            && transient?.IsTransient(ex) != true)
        {
            LogTurnFailed(logger, ex, turn.Conversation.ToString(), turn.Activity.Id);
            turn.ClearReplies();
            turn.SendText(ErrorText);
            return TurnOutcome.Failed;
        }
    }

    private Task RunFromAsync(int index, ITurnContext turn, CancellationToken cancellationToken) =>
        index < _middleware.Length
            ? _middleware[index].OnTurnAsync(turn, ct => RunFromAsync(index + 1, turn, ct), cancellationToken)
            : bot.OnTurnAsync(turn, cancellationToken);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error,
        Message = "Turn failed in conversation {ConversationId} (activity {ActivityId}); the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string conversationId, string? activityId);
}
