namespace Dialogue.Framework.Turns;

/// <summary>The bot's logic for one turn, at the end of the middleware chain.</summary>
public interface IBot
{
    Task OnTurnAsync(ITurnContext turn, CancellationToken cancellationToken);
}

/// <summary>The rest of the pipeline after a middleware.</summary>
public delegate Task NextDelegate(CancellationToken cancellationToken);

/// <summary>
/// A step that runs before the bot on every turn, by <see cref="Order"/> (then registration order). It may answer on
/// its own and not call <c>next</c> (e.g. a safety screen), or wrap the rest of the turn (e.g. logging).
/// </summary>
public interface ITurnMiddleware
{
    /// <summary>Where in the pipeline this step runs; lower runs first. See <see cref="MiddlewareOrder"/>.</summary>
    int Order => MiddlewareOrder.Default;

    Task OnTurnAsync(ITurnContext turn, NextDelegate next, CancellationToken cancellationToken);
}

/// <summary>
/// The fixed order of the pipeline's steps. Safety screening comes before everything that can stop a turn or send
/// it elsewhere (opt-out silence, a veileder's takeover, commands, dialogs), so that every message is screened.
/// </summary>
public static class MiddlewareOrder
{
    public const int Logging = -1000;
    public const int SafetyScreening = -900;
    public const int SmsOptOut = -500;
    public const int Handoff = -400;

    /// <summary>After an acute message: no plan questions, only a reminder of where to get help (commands still work).</summary>
    public const int CrisisHold = -300;
    public const int Default = 0;
}
